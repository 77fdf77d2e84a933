// The few parts of @sap/cds 9 the simulator uses (CDS 9 ships its typings separately, in @cap-js/cds-types).
declare module '@sap/cds' {
  export interface CdsRequest {
    data: unknown;
    query: unknown;
    http?: { req?: { headers: Record<string, string | string[] | undefined> } };
    reject(status: number | { code: string; status: number; message: string; target?: string }, message?: string): never;
  }
  namespace cds {
    interface Service {
      entities: Record<string, unknown>;
      on(event: string, entity: string, handler: (req: CdsRequest) => unknown): void;
    }
  }
  interface Cds {
    load(model: string): Promise<unknown>;
    log(module: string, level: string): unknown;
    compile: { to: { edmx(csn: unknown, options: { service: string; version: string }): unknown }; for: { nodejs(csn: unknown): unknown } };
    linked(csn: unknown): unknown;
    model: unknown;
    serve(service: string): { from(csn: unknown): { with(impl: (this: cds.Service) => void): { in(app: unknown): Promise<unknown> } } };
    emit(event: string, payload: unknown): void;
  }
  const cds: Cds;
  export default cds;
}

declare module '@cap-js-community/odata-v2-adapter' {
  import type { RequestHandler } from 'express';
  export default function cov2ap(options: { model?: string; path?: string; targetPath?: string }): RequestHandler;
}
