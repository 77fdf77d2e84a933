/** OpenSSH's SHA256 host key fingerprint, as `ssh-keygen -lf` prints it. */
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/**
 * Why a csv_sftp connection's settings.hostKeyFingerprint cannot be used, or undefined when it can. Pinning is
 * mandatory: without it, whoever answers on the host's address (or on the path to it) receives the SFTP key or
 * password. The control plane refuses such a connection; the connector refuses to connect with it.
 */
export function hostKeyPinProblem(fingerprint: string | undefined): string | undefined {
  if (fingerprint === undefined || fingerprint.trim() === '')
    return 'is required: pin the SFTP server host key (SHA256:…, as `ssh-keygen -lf` prints it)';
  if (!FINGERPRINT.test(fingerprint)) return 'must be an OpenSSH SHA256 fingerprint, "SHA256:" and 43 base64 characters';
  return undefined;
}
