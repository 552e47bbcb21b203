/// The key help, drawn from the key map itself: what it lists is exactly
/// what the keys do on this screen, in this mode.
struct HelpOverlay {
    var keyMap: KeyMap
    var state: UIState
    var glyphs: Glyphs
    /// The screens shown now: the number keys of the others do nothing, and are not listed.
    var shownScreens: [ScreenID]

    func draw(into frame: inout Frame) {
        let bindings = keyMap.bindings(on: state.screen, readOnly: state.readOnly).filter { binding in
            if case .show(let screen) = binding.action { return shownScreens.contains(screen) }
            return true
        }
        let width = min(frame.width - 4, 72)
        let height = min(frame.height - 2, bindings.count + 4)
        let rect = Rect(x: (frame.width - width) / 2, y: (frame.height - height) / 2, width: width, height: height)
        frame.fill(rect)
        frame.box(rect, title: "Keys — \(state.screen.title)\(state.readOnly ? " (read-only)" : "")", glyphs: glyphs,
                  role: .accent)
        for (index, binding) in bindings.prefix(height - 4).enumerated() {
            let keys = binding.keys.map { $0.label(asciiOnly: glyphs.asciiOnly) }.joined(separator: " ")
            let y = rect.y + 2 + index
            frame.put(glyphs.fit(keys, 12), x: rect.x + 2, y: y, role: .accent, bold: true)
            frame.put(glyphs.fit(binding.help, width - 17), x: rect.x + 15, y: y)
        }
        frame.put("? or Esc closes", x: rect.maxX - 17, y: rect.maxY - 1, role: .muted)
    }
}
