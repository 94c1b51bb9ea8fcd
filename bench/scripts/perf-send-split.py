#!/usr/bin/env python3
"""Where a node's event loops spend their CPU in the kernel, and what one send() costs on loopback.

    perf record -F 499 -g -p PID -o node.data -- sleep 15
    perf script -i node.data > node.txt
    bench/scripts/perf-send-split.py node.txt

On loopback the sender's system call runs the receiving socket's TCP input in its own softirq and
wakes the reader, so a send() there also pays for the client's side. Each herald-io sample goes in
one row: Java and the JVM, epoll_wait, recv, or a send split into its transmit side, the receiving
socket's TCP input, the wake-up of the reader, and the switch back after the woken reader ran.
"""
import collections
import sys

RECEIVER = ('tcp_v4_rcv', 'ip_local_deliver', '__netif_receive_skb', 'process_backlog', 'net_rx_action')
WAKE_UP = ('try_to_wake_up', 'sock_def_readable', 'ep_poll_callback')


def samples(path):
    """(thread name, frames leaf first, whether the leaf is in the kernel) of each sample."""
    thread, frames, kernel_leaf = None, [], False
    for line in open(path, errors='replace'):
        if not line.strip():
            if thread and frames:
                yield thread, frames, kernel_leaf
            thread, frames, kernel_leaf = None, [], False
        elif not line[0].isspace():
            thread = line.split()[0]
        else:
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                if not frames:
                    kernel_leaf = 'kernel.kallsyms' in parts[1]
                frames.append(parts[1].split('+')[0].split(' (')[0])
    if thread and frames:
        yield thread, frames, kernel_leaf


def row(frames, kernel_leaf):
    stack = ' '.join(frames)
    if '__sys_sendto' in stack or '__send' in stack:
        if any(name in stack for name in RECEIVER):
            return 'send: waking the reader' if any(n in stack for n in WAKE_UP) else "send: the reader's TCP input"
        return 'send: switched out and back' if 'schedule' in stack else 'send: transmit side'
    if 'epoll_wait' in stack or 'epoll_pwait' in stack:
        return 'epoll_wait'
    if 'recv' in stack:
        return 'recv'
    return 'other kernel' if kernel_leaf else 'Java and the JVM'


def main():
    counts = collections.Counter(row(frames, leaf) for thread, frames, leaf in samples(sys.argv[1])
                                 if thread.startswith('herald-io'))
    total = sum(counts.values())
    print(f'{total} herald-io samples')
    for name, count in counts.most_common():
        print(f'| {name} | {100 * count / total:.1f} % |')


if __name__ == '__main__':
    main()
