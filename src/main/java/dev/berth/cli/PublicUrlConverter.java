package dev.berth.cli;

import dev.berth.engine.PublicAddressSettings;
import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --public-url https://registry.example.com}, checked to be a base URL without a path. */
final class PublicUrlConverter implements ITypeConverter<URI> {
  @Override
  public URI convert(String value) {
    try {
      return PublicAddressSettings.parseUrl(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
