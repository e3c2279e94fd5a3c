package io.cdp.cli.dev;

import io.cdp.cli.dev.stack.ServiceStatus;
import io.cdp.cli.dev.stack.LocalStack;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cdp dev status}: which local services run and answer. */
@Command(
        name = "status",
        header = "Show which local services run, their addresses and pids.",
        description = "A service is `running` when its process runs and it answers on its port.",
        exitCodeList = {"0:every service runs and answers", "1:at least one is stopped or does not answer"},
        footer = {
                "  ./cdp dev status",
                "  ./cdp dev status || ./cdp dev up"})
public class DevStatusCommand extends DevSubcommand {
    @Override
    public Integer call() {
        return run(out -> {
            LocalStack stack = stack();
            List<ServiceStatus> statuses = stack.status();
            statuses.forEach(status -> out.println(status.line()));
            boolean allUp = statuses.stream().allMatch(status -> status.state() == ServiceStatus.State.RUNNING);
            if (!allUp) {
                out.println();
                out.println("Not everything runs: ./cdp dev up starts what is missing; ./cdp dev logs SERVICE shows why one stopped.");
            }
            out.println("Data: " + stack.settings().dataDir());
            return allUp ? 0 : 1;
        });
    }
}
