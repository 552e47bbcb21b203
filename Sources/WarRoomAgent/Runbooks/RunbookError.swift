/// Why a runbook was refused, naming the file, the line and the field.
public struct RunbookError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    /// Dotted path of the field, e.g. `steps[3].approvers`.
    public var field: String
    public var message: String

    public init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        field.isEmpty ? "\(file):\(line): \(message)" : "\(file):\(line): \(field): \(message)"
    }
}
