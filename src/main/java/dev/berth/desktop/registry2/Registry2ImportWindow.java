package dev.berth.desktop.registry2;

import dev.berth.desktop.fx.View;
import dev.berth.desktop.fx.ViewLoader;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Opens "Bring my registry:2 data" in a window of its own, from the dashboard or Settings. */
public final class Registry2ImportWindow {
  private final ViewLoader views;
  private Stage stage;

  public Registry2ImportWindow(ViewLoader views) {
    this.views = views;
  }

  /**
   * Shows the window (the same one again if it is open, so an import in progress stays in view).
   */
  public void open(Window owner) {
    if (stage == null) {
      stage = new Stage();
      stage.initOwner(owner);
      stage.initModality(Modality.NONE);
      stage.setTitle("Bring my registry:2 data");
      Scene scene = new Scene(views.load(View.REGISTRY2_IMPORT), 720, 520);
      scene
          .getStylesheets()
          .add(Registry2ImportWindow.class.getResource("/css/berth.css").toExternalForm());
      stage.setScene(scene);
    }
    stage.show();
    stage.toFront();
  }
}
