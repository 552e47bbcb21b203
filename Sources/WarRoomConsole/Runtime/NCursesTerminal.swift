import CNCurses
import Foundation
import WarRoomReports

/// The ncursesw backend: the only code that calls ncurses.
///
/// It sets the locale before starting (so UTF-8 works where the locale has
/// it), maps theme roles to colour pairs (256 colours, folded to 8 where the
/// terminal has fewer, none where it has none), and draws frames into the
/// screen without clearing it, so ncurses sends only the cells that changed.
public final class NCursesTerminal: TerminalScreen {
    /// Why the console could not start.
    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// True when the locale's character set is UTF-8 (box drawing, sparklines).
    public let supportsUnicode: Bool
    private var screen: OpaquePointer?
    /// Each role's attribute, by ``StyleRole/ordinal``.
    private var attributes = [Int32](repeating: 0, count: StyleRole.allCases.count)
    private var restored = false
    /// The frame ncurses' screen holds now; `nil` once a resize may have changed it.
    private var shown: Frame?
    /// The `/dev/null` streams of an offscreen terminal, closed with it.
    private var offscreenFiles: (output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>)?

    /// Starts ncurses on the controlling terminal.
    ///
    /// - parameter theme: roles to colours; `monochrome` ignores colours entirely.
    public init(theme: Theme, monochrome: Bool) throws {
        setlocale(LC_ALL, "")
        supportsUnicode = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw StartFailure(description: "the console needs a terminal (use `warroom status` in scripts)")
        }
        // newterm, unlike initscr, returns instead of exiting on an unknown TERM.
        guard let screen = newterm(nil, warroom_stdout(), warroom_stdin()) else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw StartFailure(description: "cannot start the console on terminal type TERM=\(term)")
        }
        self.screen = screen
        set_term(screen)
        guard warroom_can_address_cursor() != 0 else {
            endwin()
            delscreen(screen)
            restored = true
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw StartFailure(description: "this terminal (TERM=\(term)) cannot move the cursor, so the console cannot draw on it: use `warroom status` (or `watch warroom status`), or a terminal type such as TERM=xterm-256color")
        }
        cbreak()
        noecho()
        nonl()
        keypad(warroom_stdscr(), true)
        curs_set(0)
        // The cursor is hidden: no need to park it after every repaint (bytes on a slow link).
        leaveok(warroom_stdscr(), true)
        set_escdelay(25)
        // A frame is drawn whole: ncurses need not stop every few lines to flush and look for typed
        // keys (a write and a poll each time, twenty a refresh of a large screen).
        typeahead(-1)
        setupColors(theme: theme, monochrome: monochrome)
    }

    /// ncurses drawing to `/dev/null` as an xterm of `width` x `height`: what a
    /// refresh costs the console in ncurses, measured by the render benchmark
    /// without a terminal. Nothing is shown.
    public init(offscreenWidth width: Int, height: Int, theme: Theme) throws {
        supportsUnicode = true
        setlocale(LC_ALL, "C.UTF-8")
        guard let output = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") else {
            throw StartFailure(description: "cannot open /dev/null")
        }
        guard let screen = newterm("xterm-256color", output, input) else {
            fclose(output)
            fclose(input)
            throw StartFailure(description: "cannot start ncurses on /dev/null as xterm-256color")
        }
        offscreenFiles = (output, input)
        self.screen = screen
        set_term(screen)
        resizeterm(Int32(height), Int32(width))
        leaveok(warroom_stdscr(), true)
        typeahead(-1)
        setupColors(theme: theme, monochrome: false)
    }

    deinit {
        restore()
    }

    public var width: Int { restored ? 0 : Int(warroom_width()) }
    public var height: Int { restored ? 0 : Int(warroom_height()) }

    private func setupColors(theme: Theme, monochrome: Bool) {
        let useColor = !monochrome && has_colors()
        if useColor {
            start_color()
            use_default_colors()
        }
        let palette = useColor && warroom_colors() < 256 ? theme.basicColors : theme
        for (index, role) in StyleRole.allCases.enumerated() {
            let style = useColor ? palette.style(role) : Theme.mono.style(role)
            var attribute = warroom_a_normal()
            if useColor {
                let pair = Int16(index + 1)
                init_pair(pair, Self.colorNumber(style.foreground), Self.colorNumber(style.background))
                attribute |= warroom_color_pair(Int32(pair))
            }
            if style.bold { attribute |= warroom_a_bold() }
            if style.reverse { attribute |= warroom_a_reverse() }
            if style.underline { attribute |= warroom_a_underline() }
            attributes[role.ordinal] = attribute
        }
    }

    private static func colorNumber(_ color: ThemeColor) -> Int16 {
        switch color {
        case .terminalDefault: -1
        case .index(let value): Int16(value)
        }
    }

    /// Copies `frame` into ncurses' screen and refreshes: only the runs of
    /// cells that differ from the frame drawn last (ncurses keeps the rest),
    /// each of one style written from one buffer — a link table's row changes
    /// in a few columns, not in 250 (``Frame/changedRuns(since:rows:columns:bridging:)``).
    public func draw(_ frame: Frame) {
        guard !restored else { return }
        // Wide characters, not UTF-8: ncurses then skips decoding every cell with the locale's converter.
        var scalars: [wchar_t] = []
        scalars.reserveCapacity(width * 2)
        for run in frame.changedRuns(since: shown, rows: height, columns: width, bridging: Self.bridgedCells) {
            scalars.removeAll(keepingCapacity: true)
            for x in run.start..<run.end { frame.appendScalars(of: run.y * frame.width + x, to: &scalars) }
            attrset(attribute(of: run.role, bold: run.bold))
            // Writing the bottom-right cell reports an error after drawing it; that is fine.
            scalars.withUnsafeBufferPointer { text in
                _ = mvaddnwstr(Int32(run.y), Int32(run.start), text.baseAddress, Int32(text.count))
            }
        }
        attrset(warroom_a_normal())
        refresh()
        shown = frame
    }

    /// How many unchanged cells of one style a run bridges to the next
    /// change: ncurses takes a cell for about what a call costs.
    static let bridgedCells = 2

    /// The attribute a cell of `role` is written with.
    func attribute(of role: StyleRole, bold: Bool) -> Int32 {
        attributes[role.ordinal] | (bold ? warroom_a_bold() : 0)
    }

    /// What ncurses' screen holds in row `y`: each character with its
    /// attribute (colour pair included), a wide character once. The tests
    /// check with it that ncurses shows the frame drawn last, whatever was
    /// drawn before.
    func shownRow(_ y: Int) -> [(text: String, attribute: Int32)] {
        var cells: [(text: String, attribute: Int32)] = []
        var x = 0
        while x < width {
            var cell = cchar_t()
            var characters = [wchar_t](repeating: 0, count: Int(CCHARW_MAX) + 1)
            var attributes: attr_t = 0
            var pair: Int16 = 0
            guard mvwin_wch(warroom_stdscr(), Int32(y), Int32(x), &cell) != ERR,
                  getcchar(&cell, &characters, &attributes, &pair, nil) != ERR else { break }
            let scalars = characters.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
            let text = String(String.UnicodeScalarView(scalars))
            cells.append((text, Int32(bitPattern: attributes) | warroom_color_pair(Int32(pair))))
            x += max(1, text.first.map(TerminalText.width(of:)) ?? 1)
        }
        return cells
    }

    public func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
        guard !restored else { return nil }
        timeout(Int32(max(0, timeoutMilliseconds)))
        var character: wint_t = 0
        let result = get_wch(&character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(character) {
            case KEY_RESIZE:
                shown = nil
                return .resize
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BTAB: return .key(.backTab)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_ENTER: return .key(.enter)
            default: return nil
            }
        }
        switch character {
        case 3: return .key(.controlC)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        default:
            guard character >= 32, let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    public func bell() {
        beep()
    }

    public func restore() {
        guard !restored else { return }
        restored = true
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        if let (output, input) = offscreenFiles {
            fclose(output)
            fclose(input)
            offscreenFiles = nil
        }
    }
}
