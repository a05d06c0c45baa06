package dev.berth.cli;

import dev.berth.engine.ListenAddress;
import picocli.CommandLine;

final class ListenAddressConverter implements CommandLine.ITypeConverter<ListenAddress> {
  @Override
  public ListenAddress convert(String value) {
    try {
      return ListenAddress.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
