#!/usr/bin/env python3
"""Full-size unauthenticated connection flood against a running connector, from several processes.

One process may hold fewer descriptors than the flood needs (the per-process limit here is 20,000), so the flood is
spread over WORKERS processes. Each worker keeps its share of connections open for DURATION seconds: half send one
GET and then stay idle on the kept-alive connection, half send a request line and then one header line every
second without ever ending the headers. A connection the connector closes is opened again (an attacker reconnects),
so the pressure lasts the whole run. Meanwhile the main process samples the connector's RSS, sends a well-behaved
event in the middle of the flood and another after it, and prints one FLOOD line. Loopback only; stops by itself.

    flood.py PORT PID TOKEN CONNECTIONS DURATION
"""
import json
import multiprocessing
import os
import selectors
import socket
import sys
import time
import urllib.request

EVENT = json.dumps({
    "event_id": "flood-good-client",
    "data": {"event_type": "SIM/Updated", "variables": {"i_env": 1, "i_account": 1}},
    "pb_data": {"account_info": {"bill_status": "open", "blocked": False, "id": "79123456789@msisdn"},
                "sim_info": {"imsi": "001010000020349"},
                "access_policy_info": {"attributes": [
                    {"group_name": "lte.wtl", "name": "cs_profile", "value": "cs-pp-20250319"},
                    {"group_name": "lte.wtl", "name": "eps_profile", "value": "eps-pp-20250319"}]}}}).encode()


def worker(port, count, duration, opened, closed):
    """Keeps `count` hostile connections open until `duration` has passed."""
    sel = selectors.DefaultSelector()
    deadline = time.monotonic() + duration
    state = {}

    def connect(kind):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect_ex(("127.0.0.1", port))
        except OSError:
            s.close()
            return False
        state[s] = [kind, 0.0, False]
        sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
        with opened.get_lock():
            opened.value += 1
        return True

    for i in range(count):
        connect("idle" if i % 2 == 0 else "trickle")
    while time.monotonic() < deadline:
        now = time.monotonic()
        for key, mask in sel.select(timeout=0.2):
            s = key.fileobj
            kind, last, sent = state[s]
            if mask & selectors.EVENT_READ:
                try:
                    data = s.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    sel.unregister(s)
                    s.close()
                    del state[s]
                    with closed.get_lock():
                        closed.value += 1
                    connect(kind)
                    continue
            if mask & selectors.EVENT_WRITE and not sent:
                first = (b"GET /health/live HTTP/1.1\r\nHost: flood\r\n\r\n" if kind == "idle"
                         else b"POST /process-event HTTP/1.1\r\nHost: flood\r\n")
                try:
                    s.send(first)
                except OSError:
                    pass
                state[s] = [kind, now, True]
                sel.modify(s, selectors.EVENT_READ)
        for s, (kind, last, sent) in list(state.items()):
            if kind == "trickle" and sent and now - last >= 1.0:
                try:
                    s.send(b"X-Trickle: %d\r\n" % int(now))
                except OSError:
                    pass
                state[s][1] = now
    for s in list(state):
        s.close()


def rss_mib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return -1
    return -1


def good_event(port, token, event_id):
    body = EVENT.replace(b"flood-good-client", event_id.encode())
    req = urllib.request.Request("http://127.0.0.1:%d/process-event" % port, data=body, method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            status = res.status
    except urllib.error.HTTPError as e:
        status = e.code
    except OSError as e:
        status = "error:" + type(e).__name__
    return status, int((time.monotonic() - start) * 1000)


def main():
    port, pid, token, connections, duration = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3],
                                               int(sys.argv[4]), int(sys.argv[5]))
    workers = max(1, -(-connections // 8000))
    opened = multiprocessing.Value("l", 0)
    closed = multiprocessing.Value("l", 0)
    procs = [multiprocessing.Process(target=worker,
                                     args=(port, connections // workers + (1 if i < connections % workers else 0),
                                           duration, opened, closed))
             for i in range(workers)]
    for p in procs:
        p.start()
    peak = 0
    start = time.monotonic()
    during = None
    while any(p.is_alive() for p in procs):
        peak = max(peak, rss_mib(pid))
        if not os.path.exists("/proc/%d" % pid):
            break
        if during is None and time.monotonic() - start > duration / 2:
            during = good_event(port, token, "flood-during")
        time.sleep(0.5)
    for p in procs:
        p.join()
    alive = os.path.exists("/proc/%d" % pid)
    after = good_event(port, token, "flood-after") if alive else ("dead", 0)
    print("FLOOD connections=%d workers=%d opened=%d closed_by_connector=%d peak_rss_mib=%d "
          "during=%s/%dms after=%s/%dms alive=%s"
          % (connections, workers, opened.value, closed.value, peak, during[0] if during else "none",
             during[1] if during else 0, after[0], after[1], alive))
    ok = alive and during is not None and during[0] == 202 and after[0] == 202
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
