// A request whose request-target goes on the wire exactly as written: fetch() would resolve
// `../`, `./` and `%2e%2e` before sending, and those paths are what the raw-path tests send.
import { request as httpRequest } from 'node:http';

export function rawRequest(port: number, method: string, target: string, body: string, contentType: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method, path: target, headers: { 'content-type': contentType } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}
