import Foundation
import WarRoomModel
import WarRoomProbes
import WarRoomStore
import Yams

/// Reads runbook YAML. Every mistake — a missing or unknown field, a wrong
/// type, a bad value — refuses the whole runbook with the file, line and field.
///
///     name: Site failover New York → London
///     from: new-york
///     to: london
///     approvers: { users: [alice, bob], groups: [sre-oncall] }
///     prevent_self_approval: true
///     approval_timeout: 15m
///     steps:
///       …
///
/// A restore in place (`kind: restore`) names one site, `site: new-york`,
/// instead of `from` and `to`: its plan goes from that site to itself.
///
///     steps:
///       - id: promote-london
///         title: Promote London data stores
///         command: [/usr/local/bin/promote, --site, london]
///         timeout: 120s
///         approval: required
///         approvers: 2
///         rollback: { command: [/usr/local/bin/demote, --site, london] }
///         preflight: { target_healthy: true, target_capacity: true, replication_within_rpo: [session-state] }
public enum RunbookFile {
    public static func load(path: String) throws(RunbookError) -> Runbook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunbookError(file: path, line: 0, field: "", message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RunbookError(file: path, line: 1, field: "", message: "not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// `sha256:HEX` of a runbook's text.
    public static func contentHash(_ text: String) -> String {
        "sha256:" + ContentHash.sha256Hex(Data(text.utf8))
    }

    public static func parse(_ text: String, file: String) throws(RunbookError) -> Runbook {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw RunbookError(file: file, line: 1, field: "", message: "the file is empty")
            }
            root = node
        } catch let error as RunbookError {
            throw error
        } catch let error as YamlError {
            throw RunbookError(file: file, line: yamlLine(error), field: "", message: "not valid YAML: \(yamlProblem(error))")
        } catch {
            throw RunbookError(file: file, line: 1, field: "", message: "not valid YAML")
        }
        let top = try Fields(root, file: file, path: "", allowed: ["name", "kind", "from", "to", "site", "approvers",
                                                                    "prevent_self_approval", "approval_timeout", "steps"])
        let name = try top.string("name")
        let (from, to) = try sites(top)
        var policy = ApproverPolicy(preventSelfApproval: try top.optionalBool("prevent_self_approval") ?? false,
                                    approvalTimeoutSeconds: try top.optionalDuration("approval_timeout"))
        if let approvers = try top.optionalMapping("approvers", allowed: ["users", "groups"]) {
            policy.users = try approvers.optionalStrings("users") ?? []
            policy.groups = try approvers.optionalStrings("groups") ?? []
        }
        let stepNodes = try top.sequence("steps")
        if stepNodes.isEmpty { throw top.error("steps", "a runbook needs at least one step") }
        var steps: [RunbookStep] = []
        for (index, node) in stepNodes.enumerated() {
            let step = try parseStep(node, file: file, path: "steps[\(index + 1)]")
            if steps.contains(where: { $0.id == step.id }) {
                throw RunbookError(file: file, line: line(of: node), field: "steps[\(index + 1)].id",
                                   message: "'\(step.id)' is used by an earlier step; ids must be unique")
            }
            steps.append(step)
        }
        if steps.contains(where: \.approvalRequired) && policy.users.isEmpty && policy.groups.isEmpty {
            throw top.error("approvers", "steps need approval but no users or groups are named as approvers")
        }
        return Runbook(name: name, fromSiteID: from, toSiteID: to, policy: policy, steps: steps, contentHash: contentHash(text))
    }

    /// A failover's `from` and `to`, or a restore's one `site` as both.
    private static func sites(_ top: Fields) throws(RunbookError) -> (from: String, to: String) {
        switch try top.optionalString("kind") ?? "failover" {
        case "failover":
            if try top.optionalString("site") != nil {
                throw top.error("site", "a failover names `from` and `to`; `site` is for `kind: restore`")
            }
            let from = try top.string("from")
            let to = try top.string("to")
            if from == to { throw top.error("to", "the target site must differ from the source site") }
            return (from, to)
        case "restore":
            for key in ["from", "to"] where try top.optionalString(key) != nil {
                throw top.error(key, "a restore happens in place: name its `site`, not `from` and `to`")
            }
            let site = try top.string("site")
            return (site, site)
        case let other:
            throw top.error("kind", "must be `failover` or `restore` (got '\(other)')")
        }
    }

    private static func parseStep(_ node: Node, file: String, path: String) throws(RunbookError) -> RunbookStep {
        let fields = try Fields(node, file: file, path: path, allowed: [
            "id", "title", "command", "builtin", "env", "working_directory", "timeout", "approval", "approvers",
            "changes_production", "rollback", "preflight", "drill",
        ])
        let id = try fields.string("id")
        guard id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw fields.error("id", "'\(id)' must be lowercase letters, digits and dashes")
        }
        let action = try parseAction(fields, timeoutDefault: 300)
        let approval = try fields.optionalString("approval") ?? "none"
        guard approval == "required" || approval == "none" else {
            throw fields.error("approval", "must be `required` or `none` (got '\(approval)')")
        }
        let required = approval == "required"
        let approvers = try fields.optionalInt("approvers") ?? (required ? 1 : 0)
        if required && !(1...5).contains(approvers) { throw fields.error("approvers", "must be 1 to 5 (got \(approvers))") }
        if !required && approvers != 0 { throw fields.error("approvers", "only a step with `approval: required` has approvers") }
        var rollback: StepAction?
        if let rollbackFields = try fields.optionalMapping("rollback", allowed: ["command", "builtin", "env", "working_directory", "timeout"]) {
            rollback = try parseAction(rollbackFields, timeoutDefault: 300)
        }
        var preflight = PreflightChecks()
        if let checks = try fields.optionalMapping("preflight", allowed: ["target_healthy", "target_capacity", "replication_within_rpo"]) {
            preflight.targetHealthy = try checks.optionalBool("target_healthy") ?? false
            preflight.targetCapacity = try checks.optionalBool("target_capacity") ?? false
            preflight.replicationWithinRPO = try checks.optionalStrings("replication_within_rpo") ?? []
        }
        let drill = try fields.optionalString("drill")
        if let drill, drill != "safe" {
            throw fields.error("drill", "must be `safe` (a drill runs the step) or left out (a drill only reports it); got '\(drill)'")
        }
        return RunbookStep(id: id, title: try fields.string("title"),
                           spec: StepSpec(action: action, rollback: rollback, preflight: preflight,
                                          drillSafe: drill == "safe" ? true : nil),
                           approvalRequired: required, approvers: approvers,
                           changesProduction: try fields.optionalBool("changes_production") ?? required)
    }

    private static func parseAction(_ fields: Fields, timeoutDefault: Double) throws(RunbookError) -> StepAction {
        let argv = try fields.optionalStrings("command")
        let builtin = try fields.optionalString("builtin")
        switch (argv, builtin) {
        case (nil, nil): throw fields.error("command", "a step needs `command: [program, args…]` or `builtin: NAME`")
        case (.some, .some): throw fields.error("builtin", "give either `command` or `builtin`, not both")
        case (.some(let argv), nil) where argv.isEmpty || argv[0].isEmpty:
            throw fields.error("command", "names no program")
        default: break
        }
        let timeout = try fields.optionalDuration("timeout") ?? timeoutDefault
        let environment = try fields.optionalStringMap("env") ?? [:]
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            if let problem = SecretRule.problem(name: name, value: value) { throw fields.error("env.\(name)", problem) }
        }
        return StepAction(argv: argv ?? [], environment: environment,
                          workingDirectory: try fields.optionalString("working_directory"), timeoutSeconds: timeout,
                          builtin: builtin)
    }

    static func line(of node: Node) -> Int { node.mark?.line ?? 1 }

    private static func yamlLine(_ error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): mark.line
        default: 1
        }
    }

    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _): problem
        default: "\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }
}
