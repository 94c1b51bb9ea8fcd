#!/usr/bin/env python3
"""Where a node's event loops spend their CPU, by stage of an API call or a delivery.

Reads the CPU-time samples of a JFR recording (JDK 25's jdk.CPUTimeSample, which counts time in
system calls too, unlike jdk.ExecutionSample) printed as JSON, and puts each sample of a
herald-io thread in the first stage below that names a frame of its stack:

    java -XX:StartFlightRecording=filename=node.jfr,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=1ms ...
    jfr print --stack-depth 300 --json --events jdk.CPUTimeSample node.jfr > node-cpu.json
    bench/scripts/jfr-cpu-stages.py SKIP_SECONDS node-cpu.json

SKIP_SECONDS leaves out the start of the recording (start-up, connecting, warm-up). The stack
depth matters: `jfr print` shows five frames unless told otherwise, too few to see the stage.
"""
import collections
import datetime
import json
import sys

# In order: a sample belongs to the first stage one of whose names is in one of its frames.
STAGES = [
    ('kernel: send (an API response or a subscriber frame)', ['Socket.sendAddress', 'Socket.writeAddress', 'writevAddresses']),
    ('kernel: recv', ['Socket.recvAddress', 'Socket.readAddress']),
    ('kernel: epoll wait, loop wake-ups', ['Native.epollWait', 'eventFdWrite', 'Native.epollCtl']),
    ('signature: body MD5', ['Signatures.md5Hex']),
    ('signature: HMAC-SHA256', ['Signatures.hmacSha256Hex']),
    ('signature: parameters, string to sign', ['RequestSignature']),
    ('query parse', ['QueryString.parse']),
    ('body JSON read and validation', ['ApiJson.readObject', 'EventBodyReader', 'PublishRequest']),
    ('message text (PusherMessages)', ['PusherMessages']),
    ('fan-out: frame encoding, per-subscriber writes', ['ChannelFanOut', 'TextFrames', 'Connection.deliver']),
    ('flush of subscriber sockets (Java side)', ['LoopShard.flushAll', 'Connection.flushNow']),
    ('publish: hub, bus, rate limit', ['ClusterHub', 'BusRelay', 'InMemoryBus', 'AppRateLimits']),
    ('metrics', ['HeraldMetrics', 'RecentUsage']),
    ('response: build, encode, write (Java side)', ['ApiRequestHandler.write', 'ApiRequestHandler.json', 'HttpObjectEncoder']),
    ('routing, handler, futures', ['ApiRequestHandler', 'ApiRoutes', 'HttpRouter', 'EventsEndpoint', 'EventPublisher']),
    ('HTTP decoding and aggregation', ['HttpObjectDecoder', 'MessageAggregator', 'HttpServerCodec']),
    ('request deadline', ['RequestDeadline']),
    ('Netty read path (buffers, pipeline)', ['epollInReady', 'AbstractEpollStreamChannel']),
    ('Netty loop, tasks, timers', ['SingleThreadIoEventLoop', 'SingleThreadEventExecutor', 'AbstractScheduledEventExecutor']),
]


def seconds(event):
    return datetime.datetime.fromisoformat(event['values']['startTime'].replace('Z', '+00:00')).timestamp()


def main():
    skip = float(sys.argv[1])
    counts = collections.Counter()
    total = 0
    for path in sys.argv[2:]:
        events = json.load(open(path))['recording']['events']
        first = min(seconds(e) for e in events)
        for event in events:
            values = event['values']
            thread = (values.get('eventThread') or values.get('sampledThread') or {}).get('javaName') or ''
            if seconds(event) - first < skip or not thread.startswith('herald-io') or not values.get('stackTrace'):
                continue
            frames = [f['method']['type']['name'].split('/')[-1] + '.' + f['method']['name']
                      for f in values['stackTrace']['frames']]
            stage = next((label for label, names in STAGES if any(n in f for f in frames for n in names)), 'other')
            counts[stage] += 1
            total += 1
    print(f'{total} event-loop CPU-time samples')
    for stage, count in counts.most_common():
        print(f'| {stage} | {100 * count / total:.1f} % |')


if __name__ == '__main__':
    main()
