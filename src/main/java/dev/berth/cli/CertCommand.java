package dev.berth.cli;

import dev.berth.engine.DataDirectory;
import dev.berth.engine.EngineConfig;
import dev.berth.tls.CertificateInfo;
import dev.berth.tls.CertificateService;
import dev.berth.tls.NameLimits;
import dev.berth.tls.SubjectName;
import dev.berth.tls.TlsFiles;
import dev.berth.tls.TrustInstructions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth cert …}: the data folder's local CA and server certificate. */
@Command(
    name = "cert",
    mixinStandardHelpOptions = true,
    description = "Create, import and show the registry's TLS certificates.",
    subcommands = {CertCommand.Create.class, CertCommand.Import.class, CertCommand.Show.class})
final class CertCommand {

  static CertificateService service(DataDirectory data) {
    return new CertificateService(new TlsFiles(data.tls()), new SecureRandom(), Clock.systemUTC());
  }

  static DataDirectory open(Path data) throws java.io.IOException {
    return DataDirectory.open(
        data == null ? EngineConfig.defaultDataDirectory() : data.toAbsolutePath().normalize());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a local CA (once) and a server certificate for the given hosts plus localhost and this machine's addresses.")
  static final class Create implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: ~/.berth).")
    Path data;

    @Option(
        names = "--host",
        paramLabel = "NAME|IP",
        description = "A host name or IP address clients use (repeatable).")
    List<String> hosts;

    @Option(
        names = "--port",
        paramLabel = "PORT",
        defaultValue = "5000",
        description =
            "The port clients use, for the trust instructions (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--new-ca",
        description = "Replace the CA too (every client must then trust the new ca.crt).")
    boolean newCa;

    @Option(
        names = "--unconstrained-ca",
        description =
            "With --new-ca (or for the first CA): make the CA without name"
                + " constraints. RISKY: anyone who gets ca.key can then issue certificates for ANY web site (your bank, your mail)"
                + " that every machine trusting ca.crt accepts. Without this option the CA can only sign for the names and"
                + " addresses it is made for, and a new name needs a new CA.")
    boolean unconstrainedCa;

    @Override
    public Integer call() throws Exception {
      List<SubjectName> names =
          hosts == null ? List.of() : hosts.stream().map(SubjectName::parse).toList();
      try (DataDirectory dir = open(data)) {
        CertificateService certs = service(dir);
        CertificateService.Created created = certs.create(names, newCa, unconstrainedCa);
        TlsFiles files = certs.files();
        System.out.println(
            (created.newCa() ? "Created a new local CA: " : "Reused the local CA: ")
                + created.ca().subject());
        NameLimits limits = certs.show().caLimits();
        System.out.println(
            limits.constrained()
                ? "It may only sign for: " + limits.describe()
                : "WARNING: this CA has no name constraints. Whoever gets "
                    + files.caKey()
                    + " can impersonate any web site"
                    + " to every machine that trusts ca.crt. Keep that file safe, or make a constrained CA with --new-ca.");
        System.out.println(
            "Server certificate valid until "
                + created.server().notAfter()
                + " (renewed automatically "
                + CertificateService.RENEW_BEFORE.toDays()
                + " days before) for:");
        created.server().names().forEach(n -> System.out.println("  " + n));
        System.out.println();
        System.out.println("Clients must trust: " + files.caCertificate());
        System.out.println("Serve it with:      berth serve --data " + dir.root() + " --tls");
        System.out.println();
        String host =
            names.isEmpty()
                ? "localhost"
                : names.get(0).ip() && names.get(0).value().contains(":")
                    ? "[" + names.get(0).value() + "]"
                    : names.get(0).value();
        System.out.println(
            TrustInstructions.forRegistry(
                files.caCertificate(), certs.trustDirectory(), host + ":" + port));
      }
      return 0;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Use a certificate from your own CA: copy it and its key into the data folder (served with serve --tls).")
  static final class Import implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: ~/.berth).")
    Path data;

    @Option(
        names = "--cert",
        paramLabel = "FILE",
        required = true,
        description = "PEM certificate: the server's first, then intermediates.")
    Path certificate;

    @Option(
        names = "--key",
        paramLabel = "FILE",
        required = true,
        description = "The certificate's PEM private key (EC or RSA, unencrypted).")
    Path key;

    @Override
    public Integer call() throws Exception {
      try (DataDirectory dir = open(data)) {
        CertificateInfo server = service(dir).importServer(certificate, key);
        System.out.println(
            "Installed the server certificate "
                + server.subject()
                + ", valid until "
                + server.notAfter()
                + ", for:");
        server.names().forEach(n -> System.out.println("  " + n));
        System.out.println();
        System.out.println("Clients must trust its issuer: " + server.issuer());
        System.out.println(
            "Serve it with:                 berth serve --data " + dir.root() + " --tls");
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show the data folder's CA and server certificate.")
  static final class Show implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: ~/.berth).")
    Path data;

    @Option(
        names = "--host",
        paramLabel = "NAME|IP",
        defaultValue = "localhost",
        description =
            "The host name clients use, for the trust commands (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
        names = "--port",
        paramLabel = "PORT",
        defaultValue = "5000",
        description = "The port clients use, for the trust commands (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
      try (DataDirectory dir = open(data)) {
        CertificateService certs = service(dir);
        CertificateService.Installed installed = certs.show();
        if (installed.ca().isEmpty() && installed.server().isEmpty()) {
          System.out.println(
              "No certificates in "
                  + dir.tls()
                  + ". Create them with: berth cert create --data "
                  + dir.root()
                  + " --host NAME");
          return 1;
        }
        installed
            .ca()
            .ifPresent(
                c -> {
                  print("CA certificate (" + certs.files().caCertificate() + ")", c);
                  System.out.println("  may sign for: " + installed.caLimits().describe());
                });
        String origin = installed.serverFromLocalCa() ? "" : ", not issued by the local CA";
        installed
            .server()
            .ifPresent(
                c -> {
                  print(
                      "Server certificate (" + certs.files().serverCertificate() + origin + ")", c);
                  System.out.println(
                      installed.serverFromLocalCa()
                          ? "  renewal:     automatic, from "
                              + c.notAfter().minus(CertificateService.RENEW_BEFORE)
                              + ", while Berth serves it"
                          : "  renewal:     by its own CA only; Berth warns "
                              + CertificateService.RENEW_BEFORE.toDays()
                              + " days before it expires");
                });
        if (installed.ca().isPresent()
            && (installed.server().isEmpty() || installed.serverFromLocalCa())) {
          System.out.println();
          String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
          System.out.println(
              TrustInstructions.forRegistry(
                  certs.files().caCertificate(), certs.trustDirectory(), hostPort));
        }
      }
      return 0;
    }

    private static void print(String title, CertificateInfo c) {
      System.out.println(title);
      System.out.println("  subject:     " + c.subject());
      System.out.println("  issuer:      " + c.issuer());
      System.out.println("  valid:       " + c.notBefore() + " to " + c.notAfter());
      System.out.println("  SHA-256:     " + c.sha256Fingerprint());
      if (!c.names().isEmpty()) {
        System.out.println("  names:       " + String.join(", ", c.names()));
      }
      if (c.expiresWithin(Duration.ofDays(30), Instant.now())) {
        System.out.println("  WARNING:     expires within 30 days; renew with berth cert create");
      }
    }
  }
}
