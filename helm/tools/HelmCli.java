import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The few Helm commands the chart check needs, run by the real Helm (helm-java's native library) and spelled like
 * the helm CLI so scripts/check-helm.sh reads as ops teams would type it:
 *
 * <pre>
 *   version
 *   lint CHART                          (strict: warnings fail too)
 *   template CHART --name N [--namespace NS] [--kube-version V] [-f VALUES]... [--set KEY=VALUE]...
 *   notes CHART    (same options: NOTES.txt, from a client-only dry-run install)
 * </pre>
 *
 * Exit status 1 with Helm's message on stderr when Helm refuses (lint failure, schema violation, template error).
 */
public final class HelmCli {
  public static void main(String[] args) {
    try {
      System.exit(run(args));
    } catch (IllegalStateException | IllegalArgumentException error) {
      System.err.println("helm: " + error.getMessage());
      System.exit(1);
    }
  }

  private static int run(String[] args) {
    if (args.length == 0) throw new IllegalArgumentException("usage: version | lint CHART | template CHART [options]");
    switch (args[0]) {
      case "version":
        System.out.println(Helm.version().call());
        return 0;
      case "lint":
        return lint(Paths.get(argument(args, 1)));
      case "template":
        return template(Paths.get(argument(args, 1)), args);
      case "notes":
        return notes(Paths.get(argument(args, 1)), args);
      default:
        throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  private static int lint(Path chart) {
    LintResult result = new Helm(chart).lint().strict().call();
    result.getMessages().forEach(System.out::println);
    return result.isFailed() ? 1 : 0;
  }

  private static int template(Path chart, String[] args) {
    TemplateCommand command = new Helm(chart).template();
    for (int index = 2; index < args.length; index += 2) {
      String value = argument(args, index + 1);
      switch (args[index]) {
        case "--name": command = command.withName(value); break;
        case "--namespace": command = command.withNamespace(value); break;
        case "--kube-version": command = command.withKubeVersion(value); break;
        case "-f": command = command.withValuesFile(Paths.get(value)); break;
        case "--set": command = command.set(key(value), value.substring(value.indexOf('=') + 1)); break;
        default: throw new IllegalArgumentException("unknown option " + args[index]);
      }
    }
    System.out.print(command.call());
    return 0;
  }

  private static int notes(Path chart, String[] args) {
    InstallCommand command = new Helm(chart).install().clientOnly().dryRun();
    for (int index = 2; index < args.length; index += 2) {
      String value = argument(args, index + 1);
      switch (args[index]) {
        case "--name": command = command.withName(value); break;
        case "--namespace": command = command.withNamespace(value); break;
        case "--kube-version": command = command.withKubeVersion(value); break;
        case "-f": command = command.withValuesFile(Paths.get(value)); break;
        case "--set": command = command.set(key(value), value.substring(value.indexOf('=') + 1)); break;
        default: throw new IllegalArgumentException("unknown option " + args[index]);
      }
    }
    Release release = command.call();
    System.out.print(release.getOutput());
    return 0;
  }

  private static String key(String assignment) {
    int equals = assignment.indexOf('=');
    if (equals < 1) throw new IllegalArgumentException("--set needs KEY=VALUE, got " + assignment);
    return assignment.substring(0, equals);
  }

  private static String argument(String[] args, int index) {
    if (index >= args.length) throw new IllegalArgumentException("missing argument after " + args[index - 1]);
    return args[index];
  }
}
