import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpProblem } from './problem';

type ParserError = Error & { code?: string };

const refusalOf = (error: ParserError): HttpProblem => {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return new HttpProblem(431, 'Request Header Fields Too Large', 'the request line and headers exceed what the server accepts');
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new HttpProblem(408, 'Request Timeout', 'the request did not arrive in time');
  return new HttpProblem(400, 'Bad Request', 'the request is not well-formed HTTP');
};

/**
 * What Node's HTTP parser refuses before express sees it (a request line and
 * headers over the size limit, malformed HTTP) is answered with a problem
 * document too, instead of Node's bare status line: every refusal the API
 * gives has the same shape.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: ParserError, socket: Duplex) => {
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || inProgress) {
      socket.destroy();
      return;
    }
    const problem = refusalOf(error);
    const body = JSON.stringify(problem.toJSON());
    socket.end(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
