/// Every screen of the console, in tab order: the number keys follow it.
public enum ScreenCatalog {
    static let screens: [any ConsoleScreen.Type] = [
        OverviewScreen.self,
        ReplicationScreen.self,
        AlertsScreen.self,
        IncidentScreen.self,
        FailoverScreen.self,
        DrillsScreen.self,
        ObserversScreen.self,
    ]

    /// The screens' ids, in tab order.
    public static let ids: [ScreenID] = screens.map { $0.id }

    /// The screen with `id` (the first, for an id no screen has).
    static func screen(_ id: ScreenID) -> any ConsoleScreen.Type {
        screens.first { $0.id == id } ?? screens[0]
    }

    /// The screens shown with `context`, in tab order.
    static func shown(_ context: ConsoleContext) -> [ScreenID] {
        // A loop: filtering the existential metatypes with a closure crashes Swift 6.3's compiler.
        var ids: [ScreenID] = []
        for screen in screens where screen.isShown(context) { ids.append(screen.id) }
        return ids
    }

    /// The screen a number key shows, if any.
    public static func screen(number: Int) -> ScreenID? {
        (1...ids.count).contains(number) ? ids[number - 1] : nil
    }
}
