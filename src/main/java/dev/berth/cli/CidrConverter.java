package dev.berth.cli;

import dev.berth.api.Cidr;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --trusted-proxy 10.0.0.0/8} or a single address. */
final class CidrConverter implements ITypeConverter<Cidr> {
  @Override
  public Cidr convert(String value) {
    try {
      return Cidr.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
