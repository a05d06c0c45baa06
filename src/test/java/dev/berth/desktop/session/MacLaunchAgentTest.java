package dev.berth.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The launch agent as launchd reads it: a property list with the program's exact arguments. */
class MacLaunchAgentTest {
  @TempDir Path temp;

  @Test
  void agentRunsTheCommandAtLoad_withArgumentsEscaped() throws Exception {
    MacLaunchAgent agent = new MacLaunchAgent(temp.resolve("LaunchAgents"));
    List<String> argv =
        List.of(
            "/Applications/Berth.app/Contents/MacOS/Berth", "desktop", "--background", "a&b<c>");

    agent.install(new LaunchCommand(argv));

    Path file = temp.resolve("LaunchAgents/dev.berth.desktop.plist");
    assertThat(agent.installed()).isTrue();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    // The DOCTYPE names Apple's DTD by URL: never fetch it.
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Element dict =
        (Element)
            factory
                .newDocumentBuilder()
                .parse(file.toFile())
                .getDocumentElement()
                .getElementsByTagName("dict")
                .item(0);
    NodeList keys = dict.getElementsByTagName("key");
    List<String> keyNames = new ArrayList<>();
    for (int i = 0; i < keys.getLength(); i++) {
      keyNames.add(keys.item(i).getTextContent());
    }
    assertThat(keyNames).containsExactly("Label", "ProgramArguments", "RunAtLoad", "ProcessType");
    NodeList strings =
        ((Element) dict.getElementsByTagName("array").item(0)).getElementsByTagName("string");
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < strings.getLength(); i++) {
      arguments.add(strings.item(i).getTextContent());
    }
    assertThat(arguments).containsExactlyElementsOf(argv);
    assertThat(dict.getElementsByTagName("true").getLength()).isEqualTo(1);

    agent.remove();
    assertThat(Files.exists(file)).isFalse();
  }
}
