package io.herald.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for every command below the top one (which also has {@code --version}). */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
