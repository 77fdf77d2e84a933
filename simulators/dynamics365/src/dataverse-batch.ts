import { randomUUID } from 'node:crypto';
import type { ODataRequest, ODataResponse } from './dataverse-api';

interface BatchOperation {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

type BatchPart = { kind: 'operation'; operation: BatchOperation } | { kind: 'changeset'; operations: BatchOperation[] };

function splitParts(body: string, boundary: string): string[] {
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .map((part) => part.replace(/^\n/, ''));
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parseOperation(part: string, partHeaders: Record<string, string>): BatchOperation {
  const [requestLine = '', ...rest] = part.split('\n');
  const blank = rest.indexOf('');
  const headers = parseHeaders(rest.slice(0, blank === -1 ? rest.length : blank).join('\n'));
  const body =
    blank === -1
      ? ''
      : rest
          .slice(blank + 1)
          .join('\n')
          .trim();
  const [method = 'GET', url = ''] = requestLine.trim().split(' ');
  return { method, url, headers, body, ...(partHeaders['content-id'] ? { contentId: partHeaders['content-id'] } : {}) };
}

/** Parses an OData v4 multipart/mixed $batch body into operations and change sets. */
export function parseBatch(raw: string, boundary: string): BatchPart[] {
  const body = raw.replace(/\r\n/g, '\n');
  return splitParts(body, boundary).map((part): BatchPart => {
    const blank = part.indexOf('\n\n');
    const headers = parseHeaders(part.slice(0, blank));
    const content = part.slice(blank + 2);
    const changeset = /multipart\/mixed;\s*boundary=([^\s;]+)/i.exec(headers['content-type'] ?? '');
    if (changeset) {
      return {
        kind: 'changeset',
        operations: splitParts(content, changeset[1]!).map((inner) => {
          const innerBlank = inner.indexOf('\n\n');
          return parseOperation(inner.slice(innerBlank + 2), parseHeaders(inner.slice(0, innerBlank)));
        }),
      };
    }
    return { kind: 'operation', operation: parseOperation(content, headers) };
  });
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

function renderResponse(response: ODataResponse, contentId?: string): string {
  const lines = [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(contentId ? [`Content-ID: ${contentId}`] : []),
    '',
    `HTTP/1.1 ${response.status} ${STATUS_TEXT[response.status] ?? ''}`,
  ];
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
  lines.push('', response.body === undefined ? '' : JSON.stringify(response.body));
  return lines.join('\r\n');
}

/**
 * Runs a $batch: plain operations one by one; a change set as one transaction (any failure undoes the whole
 * set and answers with that failure alone), with "$<Content-ID>" references to records created earlier in it.
 */
export function runBatch(
  parts: BatchPart[],
  toRequest: (operation: BatchOperation) => ODataRequest,
  dispatch: (request: ODataRequest) => ODataResponse,
  transaction: <T>(work: () => T, failed: (result: T) => boolean) => T,
): { boundary: string; body: string } {
  const boundary = `batchresponse_${randomUUID()}`;
  const sections: string[] = [];
  for (const part of parts) {
    if (part.kind === 'operation') {
      sections.push(renderResponse(dispatch(toRequest(part.operation)), part.operation.contentId));
      continue;
    }
    const created = new Map<string, string>();
    const results = transaction(
      () => {
        const out: { response: ODataResponse; contentId?: string }[] = [];
        for (const operation of part.operations) {
          const url = operation.url.replace(/^\$(\w+)/, (_all, id: string) => created.get(id) ?? `$${id}`);
          const response = dispatch(toRequest({ ...operation, url }));
          out.push({ response, ...(operation.contentId ? { contentId: operation.contentId } : {}) });
          if (response.status >= 400) return [{ response, ...(operation.contentId ? { contentId: operation.contentId } : {}) }];
          if (operation.contentId && response.headers['OData-EntityId'])
            created.set(operation.contentId, response.headers['OData-EntityId']);
        }
        return out;
      },
      (out) => out.length === 1 && out[0]!.response.status >= 400,
    );
    if (results.length === 1 && results[0]!.response.status >= 400) {
      sections.push(renderResponse(results[0]!.response, results[0]!.contentId));
      continue;
    }
    const changesetBoundary = `changesetresponse_${randomUUID()}`;
    const inner = results.map((result) => `--${changesetBoundary}\r\n${renderResponse(result.response, result.contentId)}`).join('\r\n');
    sections.push(`Content-Type: multipart/mixed; boundary=${changesetBoundary}\r\n\r\n${inner}\r\n--${changesetBoundary}--`);
  }
  return { boundary, body: `${sections.map((section) => `--${boundary}\r\n${section}`).join('\r\n')}\r\n--${boundary}--\r\n` };
}
