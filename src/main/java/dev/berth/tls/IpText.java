package dev.berth.tls;

/**
 * An IP address as people write it: IPv6 in its RFC 5952 form ({@code ::1}, not Java's {@code
 * 0:0:0:0:0:0:0:1}), IPv4 as is.
 */
public final class IpText {
  private IpText() {}

  /**
   * Compacts a full IPv6 text (eight groups, as Java prints them); anything else is returned as is.
   */
  public static String compact(String address) {
    String[] groups = address.split(":", -1);
    if (groups.length != 8) {
      return address;
    }
    for (int i = 0; i < 8; i++) {
      groups[i] = groups[i].replaceFirst("^0+(?=.)", "").toLowerCase(java.util.Locale.ROOT);
    }
    int bestStart = -1;
    int bestLength = 1; // RFC 5952: a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (!groups[i].equals("0")) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    if (bestStart < 0) {
      return String.join(":", groups);
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, 8));
    return head + "::" + tail;
  }
}
