package io.herald.bench;

import io.herald.bench.report.BenchResult;
import io.herald.bench.report.ResultOutput;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Writes the HTML report of results saved earlier, beside each: for results of older runs, or after a change to the report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes the HTML report beside each JSON result given (run.json gets run.html).")
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULT.json", description = "JSON results written by --out.")
    List<Path> results;

    @Override
    public Integer call() throws Exception {
        for (Path json : results) {
            BenchResult result = ResultOutput.read(json);
            Path html = ResultOutput.htmlBeside(json);
            ResultOutput.writeHtml(result, html);
            System.err.println("herald-bench: wrote " + html);
        }
        return 0;
    }
}
