package dev.berth.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory settings a running JVM still lets a program change, applied when the person who started
 * Berth did not choose them: G1 collects when idle and gives the memory back, and keeps less of the
 * heap free after a collection. The launchers also bound the heap (packaging/jvm/memory.options); a
 * plain {@code java -jar} cannot, because the heap's maximum is fixed at start.
 */
public final class MemoryDefaults {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryDefaults.class);
  static final String PERIODIC_GC_MILLIS = "60000";

  private MemoryDefaults() {}

  public static void apply() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (vm == null) {
      return;
    }
    setIfDefault(vm, "G1PeriodicGCInterval", PERIODIC_GC_MILLIS);
    // Min before max: each must stay within the other's bound as it changes.
    setIfDefault(vm, "MinHeapFreeRatio", "10");
    setIfDefault(vm, "MaxHeapFreeRatio", "30");
  }

  private static void setIfDefault(HotSpotDiagnosticMXBean vm, String name, String value) {
    try {
      VMOption option = vm.getVMOption(name);
      if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
        vm.setVMOption(name, value);
      }
    } catch (IllegalArgumentException e) {
      LOG.debug("Cannot set {}: {}", name, e.getMessage()); // another JVM or collector
    }
  }
}
