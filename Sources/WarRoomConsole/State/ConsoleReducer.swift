/// What the runtime must do after an update.
public enum ConsoleEffect: Equatable, Sendable {
    case quit
    /// Re-read the cache now, even if `data_version` did not change.
    case refresh
}

/// Something that happened to the console.
public enum ConsoleEvent: Equatable, Sendable {
    case key(Key)
}

/// The pure update function: `(state, event) -> (state, effects)`.
public struct ConsoleReducer: Sendable {
    public var keyMap: KeyMap

    public init(keyMap: KeyMap = .standard) {
        self.keyMap = keyMap
    }

    /// - parameter rowCounts: how many rows each screen's list has now, and
    ///   `pageSize` how many fit: selection moves stay inside them.
    public func update(_ state: UIState, _ event: ConsoleEvent, rowCounts: [ScreenID: Int] = [:],
                       pageSize: Int = 10) -> (UIState, [ConsoleEffect]) {
        var state = state
        guard case .key(let key) = event else { return (state, []) }
        if key == .controlC {
            state.quitRequested = true
            return (state, [.quit])
        }
        if state.isEditingFilter { return (editFilter(state, key), []) }
        if state.showHelp, key == .escape || key == .character("?") || key == .character("q") {
            state.showHelp = false
            return (state, [])
        }
        guard let action = keyMap.action(for: key, on: state.screen, readOnly: state.readOnly) else { return (state, []) }
        let rows = rowCounts[state.screen] ?? 0
        let current = min(state.selected(on: state.screen), max(0, rows - 1))
        switch action {
        case .quit:
            state.quitRequested = true
            return (state, [.quit])
        case .toggleHelp:
            state.showHelp.toggle()
        case .nextScreen:
            state.screen = state.screen.next
        case .previousScreen:
            state.screen = state.screen.previous
        case .show(let screen):
            state.screen = screen
        case .moveDown:
            state.selection[state.screen] = min(max(0, rows - 1), current + 1)
        case .moveUp:
            state.selection[state.screen] = max(0, current - 1)
        case .pageDown:
            state.selection[state.screen] = min(max(0, rows - 1), current + max(1, pageSize))
        case .pageUp:
            state.selection[state.screen] = max(0, current - max(1, pageSize))
        case .top:
            state.selection[state.screen] = 0
        case .bottom:
            state.selection[state.screen] = max(0, rows - 1)
        case .startFilter:
            state.isEditingFilter = true
        case .clearFilter:
            state.showHelp = false
            state.filter[state.screen] = nil
        case .cycleLinkOrder:
            state.linkOrder = state.linkOrder.next
            state.selection[.replication] = 0
        case .toggleTimelineOrder:
            state.timelineNewestFirst.toggle()
            state.selection[.incident] = 0
        case .toggleAlertDetail:
            state.showAlertDetail.toggle()
        case .refresh:
            return (state, [.refresh])
        }
        return (state, [])
    }

    /// Keys while typing a filter: text goes into it, Enter keeps it, Esc drops it.
    private func editFilter(_ state: UIState, _ key: Key) -> UIState {
        var state = state
        var text = state.filterText(on: state.screen)
        switch key {
        case .enter:
            state.isEditingFilter = false
        case .escape:
            state.isEditingFilter = false
            text = ""
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .character(let character) where !character.isNewline && text.count < 64:
            text.append(character)
        default:
            break
        }
        state.filter[state.screen] = text.isEmpty ? nil : text
        state.selection[state.screen] = 0
        return state
    }
}
