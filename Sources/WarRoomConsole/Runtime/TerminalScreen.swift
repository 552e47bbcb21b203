/// What arrives from the terminal.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case resize
}

/// The terminal as the runtime uses it: a size, a way to show a frame, keys
/// with a timeout, and a way to give the terminal back. ncurses implements it
/// for real; tests drive the runtime with a scripted one.
public protocol TerminalScreen: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Copies `frame` to the screen; only cells that changed are sent.
    func draw(_ frame: Frame)
    /// Waits up to `timeoutMilliseconds` for input; `nil` when none came.
    func nextInput(timeoutMilliseconds: Int) -> TerminalInput?
    /// Restores the terminal (cursor, echo, main screen). Safe to call twice.
    func restore()
    /// Rings the terminal's bell (or flashes it, where the terminal has no bell).
    func bell()
}
