/// How a source the agent reads whole is named to operators.
public enum SourceText {
    public static func name(_ id: String) -> String {
        switch id {
        case "alertmanager": "Alertmanager"
        case "prometheus": "Prometheus"
        default: id
        }
    }
}
