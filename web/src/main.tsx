import { render } from "preact";
import { App } from "./components/App";
import { applySavedTheme } from "./components/ThemeToggle";
import "./styles.css";

applySavedTheme();
render(<App />, document.getElementById("app")!);
