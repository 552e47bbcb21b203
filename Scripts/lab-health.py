#!/usr/bin/env python3
"""The lab's health endpoint for one site: GET /health answers 200 with
{"status": "pass", "site": SITE, "serves_traffic": true|false}, where the
site serves traffic when the lab's traffic file names it (the runbook's
"repoint" step rewrites that file). When the optional fault file says
"dribble" (Scripts/lab fault dribble), the answer's head comes at once and
its body one byte a second: a slow body, not a slow answer."""
import http.server
import json
import sys
import time

port, site, traffic_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
fault_file = sys.argv[4] if len(sys.argv) > 4 else None


def fault():
    try:
        with open(fault_file) as f:
            return f.read().strip()
    except (OSError, TypeError):
        return ""


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
        if fault() == "dribble":
            try:
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            return
        self.wfile.write(body)


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Health)
server.daemon_threads = True
server.serve_forever()
