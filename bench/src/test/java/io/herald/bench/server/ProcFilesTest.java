package io.herald.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcFilesTest {

    @Test
    void readsUserAndSystemTicksFromAStatLine() {
        String line = "28669 (java) S 28665 28665 18812 0 -1 4194304 16047 0 0 0 150 10 0 0 20 0 20 0 702293 "
                + "9097850880 23994 18446744073709551615 94174721175552 94174721176557 140725062113488 0 0 0 0 2 16800973";

        ProcFiles.CpuTicks ticks = ProcFiles.parseStat(line);

        assertThat(ticks).isEqualTo(new ProcFiles.CpuTicks(150, 10));
        assertThat(ticks.total()).isEqualTo(160);
    }

    @Test
    void countsFieldsFromTheLastParenthesisWhenTheCommandHasSpaces() {
        String line = "42 (my (odd) name) R 1 42 42 0 -1 4194304 100 0 0 0 7 3 0 0 20 0 1 0 55 1000 10";

        assertThat(ProcFiles.parseStat(line)).isEqualTo(new ProcFiles.CpuTicks(7, 3));
    }

    @Test
    void rejectsATruncatedStatLine() {
        assertThatThrownBy(() -> ProcFiles.parseStat("42 (java) S 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsVmRssInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 9097852 kB\nVmHWM:\t  130000 kB\nVmRSS:\t  123764 kB\nRssAnon:\t   98000 kB\n";

        assertThat(ProcFiles.parseRssBytes(status)).isEqualTo(123764L * 1024);
    }

    @Test
    void readsTheUsedHeapFromJcmdHeapInfo() {
        String heapInfo = "28669:\n garbage-first heap   total reserved 6172672K, committed 393216K, used 10444K "
                + "[0x0000000687400000, 0x0000000800000000)\n  region size 4096K, 3 young (12288K), 1 survivors (4096K)\n"
                + " Metaspace       used 1024K, committed 1216K, reserved 1114112K\n";

        assertThat(ProcFiles.parseHeapUsedBytes(heapInfo)).isEqualTo(10444L * 1024);
    }

    @Test
    void addsUpTheGenerationsOfTheSerialCollector() {
        String heapInfo = "20969:\nDefNew     total 14784K, used 264K [0x0000000687400000, 0x0000000688400000)\n"
                + " eden space 13184K,   2% used [0x0000000687400000, 0x00000006880e0000)\n"
                + " from space 1600K,   0% used [0x0000000688270000, 0x0000000688400000)\n"
                + "Tenured    total 22324K, used 20092K [0x0000000688400000, 0x0000000800000000)\n"
                + " the  space 22324K,  90% used [0x0000000688400000, 0x00000006899cd000)\n"
                + " Metaspace       used 1024K, committed 1216K, reserved 1114112K\n";

        assertThat(ProcFiles.parseHeapUsedBytes(heapInfo)).isEqualTo((264L + 20092L) * 1024);
    }

    @Test
    void rejectsJcmdOutputWithoutAHeapLine() {
        assertThatThrownBy(() -> ProcFiles.parseHeapUsedBytes("28669:\ncom.sun.tools.attach.AttachNotSupportedException"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheOneMinuteLoadAverage() {
        assertThat(ProcFiles.parseLoadAverage("7.31 8.12 5.76 3/512 21407\n")).isEqualTo(7.31);
    }

    @Test
    void readsTheRunQueueWaitOfAThread() {
        assertThat(ProcFiles.parseSchedstatWaitNanos("5675002 3154555 6\n")).isEqualTo(3154555);
    }
}
