package io.herald.bench.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the Linux /proc files and jcmd output the bench reads about the server process. */
public final class ProcFiles {

    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
    private static final Pattern HEAP_USED = Pattern.compile("(?i)heap\\s+total[^\\n]*?used\\s+(\\d+)([KMG])");
    /** A generation's line of the serial and parallel collectors: {@code Tenured    total 22324K, used 20092K [...]}. */
    private static final Pattern GENERATION_USED = Pattern.compile("(?m)^\\S+\\s+total\\s+\\d+[KMG],\\s+used\\s+(\\d+)([KMG])");

    private ProcFiles() {}

    /** User and system CPU of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    public record CpuTicks(long user, long system) {
        public long total() {
            return user + system;
        }
    }

    /**
     * Reads utime and stime from a /proc/PID/stat line. The command name (field 2) is in
     * parentheses and may itself hold spaces and parentheses, so fields are counted from the last
     * closing parenthesis: after it come state (field 3) onwards.
     */
    public static CpuTicks parseStat(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + line);
        }
        String[] fields = line.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/PID/stat: " + line);
        }
        return new CpuTicks(Long.parseLong(fields[14 - 3]), Long.parseLong(fields[15 - 3]));
    }

    /**
     * Nanoseconds a thread has spent runnable but waiting for a CPU: the second field of
     * /proc/PID/task/TID/schedstat (the first is time on a CPU, the third the number of time slices).
     */
    public static long parseSchedstatWaitNanos(String schedstat) {
        String[] fields = schedstat.trim().split("\\s+");
        if (fields.length < 2) {
            throw new IllegalArgumentException("not a schedstat line: " + schedstat);
        }
        return Long.parseLong(fields[1]);
    }

    /** The one-minute load average, the first field of /proc/loadavg. */
    public static double parseLoadAverage(String loadavg) {
        String[] fields = loadavg.trim().split("\\s+");
        try {
            return Double.parseDouble(fields[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc/loadavg line: " + loadavg, e);
        }
    }

    /** The machine's one-minute load average now, or -1 where /proc/loadavg cannot be read. */
    public static double loadAverageNow() {
        try {
            return parseLoadAverage(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** The machine's 1, 5 and 15 minute load averages now ("6.80 4.67 2.88"), or null where unreadable. */
    public static String loadAveragesNow() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields.length < 3 ? null : fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** User plus system CPU ticks of this process so far, or 0 where /proc/self/stat cannot be read. */
    public static long ownCpuTicks() {
        try {
            return parseStat(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"))).total();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** VmRSS from /proc/PID/status, in bytes. */
    public static long parseRssBytes(String status) {
        Matcher m = VM_RSS.matcher(status);
        if (!m.find()) {
            throw new IllegalArgumentException("no VmRSS line in /proc/PID/status");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /**
     * The used heap from {@code jcmd PID GC.heap_info}, in bytes; its first line reads, for G1,
     * {@code garbage-first heap   total reserved 2097152K, committed 524288K, used 10795K [...]}
     * (other collectors print the same "total ..., used" shape).
     */
    public static long parseHeapUsedBytes(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        if (m.find()) {
            return bytes(m.group(1), m.group(2));
        }
        // The serial and parallel collectors print one line per generation instead, each at column 0.
        Matcher generation = GENERATION_USED.matcher(heapInfo);
        long used = 0;
        boolean found = false;
        while (generation.find()) {
            used += bytes(generation.group(1), generation.group(2));
            found = true;
        }
        if (!found) {
            throw new IllegalArgumentException("no heap 'used' figure in jcmd GC.heap_info output: " + heapInfo);
        }
        return used;
    }

    private static long bytes(String value, String unit) {
        long amount = Long.parseLong(value);
        return switch (unit.toUpperCase(java.util.Locale.ROOT)) {
            case "K" -> amount * 1024;
            case "M" -> amount * 1024 * 1024;
            default -> amount * 1024 * 1024 * 1024;
        };
    }
}
