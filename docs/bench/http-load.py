#!/usr/bin/env python3
"""HTTP load for `motcua serve` (stdlib only: asyncio, raw HTTP/1.1 keep-alive connections).

post: CLIENTS connections each post batches of BATCH new DossierReceived events (distinct dossiers of
      --agency, procedure --procedure) back to back for SECONDS; prints events/s and requests/s.
get:  CLIENTS connections GET PATH back to back for SECONDS (or --requests in all); prints requests/s
      and latency p50/p99.
Every answer must be 2xx; anything else stops the run with the answer printed.
"""
import argparse, asyncio, datetime, json, sys, time, uuid


async def request(reader, writer, head, body):
    writer.write(head + body)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    payload = await reader.readexactly(length) if length else b""
    if status >= 300:
        sys.exit(f"HTTP {status}: {payload[:500]!r}")
    return payload


def batch(args, client, counter):
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).isoformat(timespec="seconds")
    events = []
    for k in range(args.batch):
        code = f"{args.prefix}-{client}-{counter}-{k}"
        events.append({"id": str(uuid.uuid4()), "type": "DossierReceived", "occurredAt": now,
                       "data": {"dossier": code, "procedure": args.procedure, "agency": args.agency,
                                "channel": "online", "applicant": "citizen"}})
    return json.dumps(events, separators=(",", ":")).encode()


async def client(args, index, stop, results):
    reader, writer = await asyncio.open_connection(args.host, args.port)
    auth = f"Authorization: Bearer {args.token}\r\n" if args.token else ""
    counter = 0
    while time.monotonic() < stop and (args.requests == 0 or results["requests"] < args.requests):
        if args.mode == "post":
            body = batch(args, index, counter)
            head = (f"POST /v1/events HTTP/1.1\r\nHost: {args.host}\r\n{auth}Content-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode()
        else:
            body = b""
            head = f"GET {args.path} HTTP/1.1\r\nHost: {args.host}\r\n{auth}\r\n".encode()
        started = time.perf_counter()
        await request(reader, writer, head, body)
        results["latencies"].append(time.perf_counter() - started)
        results["requests"] += 1
        results["events"] += args.batch if args.mode == "post" else 0
        counter += 1
    writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["post", "get"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", default="")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--requests", type=int, default=0)
    parser.add_argument("--agency", default="BENCH")
    parser.add_argument("--procedure", default="BENCH-P")
    parser.add_argument("--prefix", default=uuid.uuid4().hex[:8])
    parser.add_argument("--path", default="/health")
    args = parser.parse_args()
    results = {"requests": 0, "events": 0, "latencies": []}
    started = time.monotonic()
    await asyncio.gather(*(client(args, i, started + args.seconds, results) for i in range(args.clients)))
    elapsed = time.monotonic() - started
    latencies = sorted(results["latencies"])
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(json.dumps({"mode": args.mode, "clients": args.clients, "batch": args.batch, "seconds": round(elapsed, 2),
                      "requests": results["requests"], "events": results["events"],
                      "requestsPerSecond": round(results["requests"] / elapsed, 1),
                      "eventsPerSecond": round(results["events"] / elapsed, 1),
                      "p50ms": round(p(0.50), 2), "p99ms": round(p(0.99), 2)}))


asyncio.run(main())
