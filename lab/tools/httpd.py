#!/usr/bin/env python3
"""The HTTP server a lab node runs on the anycast VIP: answers every GET with
its node name, so the client can tell which node a flow reached.

A thread per connection (ThreadingHTTPServer) easily serves the lab's few
hundred new connections per second; HTTP/1.0 so each request closes its
connection, as the load generator expects.
"""
import argparse
import http.server


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bind", required=True)
    ap.add_argument("--port", type=int, default=80)
    ap.add_argument("--name", required=True)
    args = ap.parse_args()
    body = (args.name + "\n").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:  # one line per request would flood the log
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = 1024

    with Server((args.bind, args.port), Handler) as srv:
        srv.serve_forever()


if __name__ == "__main__":
    main()
