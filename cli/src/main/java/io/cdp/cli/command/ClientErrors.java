package io.cdp.cli.command;

import io.cdp.client.ApiException;
import io.cdp.client.ServerUnreachableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the two failures every client command can meet into a message saying what to do next,
 * instead of a stack trace: no server at the address ({@link ExitCodes#UNREACHABLE}) and a
 * refusal by the server ({@link ExitCodes#REFUSED}). Anything else is a bug and keeps
 * picocli's default handling.
 */
public class ClientErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult)
            throws Exception {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof ServerUnreachableException unreachable) {
            err.println("cdp: " + unreachable.getMessage() + ".");
            err.println("Start it with ./cdp dev up --with-server (or ./cdp server), or point at it with"
                    + " --server URL or CDP_SERVER.");
            err.flush();
            return ExitCodes.UNREACHABLE;
        }
        if (exception instanceof ApiException refused) {
            err.println("cdp: " + describe(refused));
            err.flush();
            return ExitCodes.REFUSED;
        }
        throw exception;
    }

    /** The server's message, its field and status, and a hint for the refusals people hit most. */
    static String describe(ApiException refused) {
        StringBuilder text = new StringBuilder(refused.getMessage());
        if (refused.field() != null) {
            text.append(" (field: ").append(refused.field()).append(')');
        }
        text.append(" [HTTP ").append(refused.status()).append(']');
        if (refused.status() == 401) {
            text.append(System.lineSeparator()).append("Pass the server's admin token with --token or CDP_ADMIN_TOKEN.");
        }
        return text.toString();
    }
}
