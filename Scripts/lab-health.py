#!/usr/bin/env python3
"""The lab's health endpoint for one site: GET /health answers 200 with
{"status": "pass", "site": SITE, "serves_traffic": true|false}, where the
site serves traffic when the lab's traffic file names it (the runbook's
"repoint" step rewrites that file)."""
import http.server
import json
import sys

port, site, traffic_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Health(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path != "/health":
            self.send_error(404)
            return
        try:
            with open(traffic_file) as f:
                serves = f.read().strip() == site
        except OSError:
            serves = False
        body = json.dumps({"status": "pass", "site": site, "serves_traffic": serves}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/health+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


http.server.ThreadingHTTPServer(("127.0.0.1", port), Health).serve_forever()
