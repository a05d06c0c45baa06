package dev.berth.cli;

import dev.berth.engine.DataDirectoryLockedException;
import dev.berth.engine.NoUsersException;
import dev.berth.users.LastAdministratorException;
import dev.berth.users.UnknownUserException;
import dev.berth.users.UserExistsException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints the message of failures a user can fix (bad input, missing files, no users, folder in use)
 * without a stack trace; anything else is a bug and keeps its trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult)
      throws Exception {
    if (e instanceof IllegalArgumentException
        || e instanceof IOException
        || e instanceof GeneralSecurityException
        || e instanceof UserExistsException
        || e instanceof UnknownUserException
        || e instanceof LastAdministratorException
        || e instanceof NoUsersException
        || e instanceof DataDirectoryLockedException) {
      cmd.getErr().println("berth " + cmd.getCommandName() + ": " + e.getMessage());
      return 1;
    }
    throw e;
  }
}
