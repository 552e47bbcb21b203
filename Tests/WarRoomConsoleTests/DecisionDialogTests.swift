import Testing
import WarRoomConsole
import WarRoomModel

@Suite("Approving from the keyboard")
struct DecisionDialogTests {
    let reducer = ConsoleReducer()
    let context = ReducerContext(rowCounts: [.failover: 8], selectedStep: ("PLAN-0001", 4), selectedAlert: "fp1",
                                 incidentID: "INC-0001")

    func press(_ keys: [Key], from state: UIState) -> (UIState, [ConsoleEffect]) {
        var state = state
        var effects: [ConsoleEffect] = []
        for key in keys {
            let (next, new) = reducer.update(state, .key(key), context: context)
            state = next
            effects += new
        }
        return (state, effects)
    }

    var onFailover: UIState {
        var state = UIState()
        state.screen = .failover
        return state
    }

    @Test("a opens a dialog bound to the selected step, by plan and number")
    func opens() {
        let (state, effects) = press([.character("a")], from: onFailover)
        #expect(effects.isEmpty)
        #expect(state.dialog == .decision(DecisionDialog(planID: "PLAN-0001", stepNumber: 4, decision: .approved)))
        let (moved, _) = reducer.update(state, .key(.down), context: ReducerContext(rowCounts: [.failover: 8],
                                                                                    selectedStep: ("PLAN-0001", 5)))
        if case .decision(let dialog) = moved.dialog { #expect(dialog.stepNumber == 4, "keys go to the dialog, not the list") }
    }

    @Test("Enter submits only what was typed; the runtime checks it against the step")
    func submits() {
        let (_, bare) = press([.character("a"), .enter], from: onFailover)
        #expect(bare == [.decide(planID: "PLAN-0001", stepNumber: 4, decision: .approved, typed: "", comment: "")])
        let keys: [Key] = [.character("a")] + "london".map { .character($0) } + [.tab] + "ok".map { .character($0) } + [.enter]
        let (_, typed) = press(keys, from: onFailover)
        #expect(typed == [.decide(planID: "PLAN-0001", stepNumber: 4, decision: .approved, typed: "london", comment: "ok")])
    }

    @Test("arrows and pages scroll the dialog's facts within what overflows; the typed confirmation is kept")
    func scrolls() {
        let overflowing = ReducerContext(rowCounts: [.failover: 8], pageSize: 12, selectedStep: ("PLAN-0001", 4), dialogScrollLimit: 7)
        func scroll(_ keys: [Key]) -> Int? {
            var state = onFailover
            for key in [.character("a"), .character("l")] + keys { state = reducer.update(state, .key(key), context: overflowing).0 }
            guard case .decision(let dialog) = state.dialog else { return nil }
            #expect(dialog.confirmation == "l")
            return dialog.scroll
        }
        #expect(scroll([.down, .down]) == 2)
        #expect(scroll([.pageDown]) == 7, "never past what overflows")
        #expect(scroll([.end, .up]) == 6)
        #expect(scroll([.down, .home]) == 0)
        #expect(scroll([.up, .pageUp]) == 0)
        let (state, _) = press([.character("a"), .down], from: onFailover)
        if case .decision(let dialog) = state.dialog { #expect(dialog.scroll == 0, "facts that fit do not scroll") }
    }

    @Test("on the Incident screen c takes command as the operator at the keyboard; > and < move the status one step")
    func incidentKeys() {
        var onIncident = UIState()
        onIncident.screen = .incident
        var context = ReducerContext(incidentID: "INC-0001")
        context.incidentStatus = .investigating
        context.operatorName = "alice"
        func press(_ key: Character, _ state: UIState = onIncident) -> [ConsoleEffect] {
            reducer.update(state, .key(.character(key)), context: context).1
        }
        #expect(press("c") == [.changeIncident(incidentID: "INC-0001", change: .assign(.commander, name: "alice"))])
        #expect(press(">") == [.changeIncident(incidentID: "INC-0001", change: .status(.identified))])
        #expect(press("<") == [.changeIncident(incidentID: "INC-0001", change: .status(.investigating))],
                "nothing comes before investigating: asked as it is, the refusal says so")
        context.incidentStatus = .monitoring
        #expect(press(">") == [.changeIncident(incidentID: "INC-0001", change: .status(.resolved))])
        #expect(press("<") == [.changeIncident(incidentID: "INC-0001", change: .status(.mitigating))])
        let readOnly = UIState(readOnly: true)
        var readOnlyIncident = readOnly
        readOnlyIncident.screen = .incident
        #expect(press("c", readOnlyIncident).isEmpty && press(">", readOnlyIncident).isEmpty)
    }

    @Test("+ and - move the severity one step; H asks whom to hand command to; O reopens only a resolved incident")
    func severityHandOverReopen() {
        var onIncident = UIState()
        onIncident.screen = .incident
        var context = ReducerContext(incidentID: "INC-0001")
        context.incidentStatus = .mitigating
        context.incidentSeverity = .sev2
        func press(_ keys: [Key], _ state: UIState = onIncident) -> (UIState, [ConsoleEffect]) {
            var state = state
            var effects: [ConsoleEffect] = []
            for key in keys { (state, effects) = reducer.update(state, .key(key), context: context) }
            return (state, effects)
        }
        #expect(press([.character("+")]).1 == [.changeIncident(incidentID: "INC-0001", change: .severity(.sev1))])
        #expect(press([.character("-")]).1 == [.changeIncident(incidentID: "INC-0001", change: .severity(.sev3))])
        context.incidentSeverity = .sev1
        #expect(press([.character("+")]).1 == [.changeIncident(incidentID: "INC-0001", change: .severity(.sev1))],
                "nothing is above SEV1: asked as it is, the refusal says so")
        #expect(press([.character("O")]).1.isEmpty, "an open incident is not reopened")
        let typed = press([.character("H")] + "bob".map { Key.character($0) })
        #expect(typed.0.dialog == .handOver({ var d = HandOverDialog(incidentID: "INC-0001"); d.name = "bob"; return d }()))
        #expect(press([.character("H")] + "bob".map { Key.character($0) } + [.enter]).1
                == [.handOver(incidentID: "INC-0001", name: "bob")])
        #expect(press([.character("H"), .character("x"), .escape]).0.dialog == nil)
        context.incidentStatus = .resolved
        #expect(press([.character("O")]).1 == [.changeIncident(incidentID: "INC-0001", change: .reopen)])
        var readOnly = UIState(readOnly: true)
        readOnly.screen = .incident
        for key in ["+", "-", "H", "O"] {
            let (state, effects) = press([.character(Character(key))], readOnly)
            #expect(effects.isEmpty && state.dialog == nil)
        }
    }

    @Test("Esc cancels; read-only has no a, r, A or n at all")
    func cancelAndReadOnly() {
        #expect(press([.character("a"), .escape], from: onFailover).0.dialog == nil)
        var readOnly = UIState(readOnly: true)
        readOnly.screen = .failover
        for key in ["a", "r"] { #expect(press([.character(Character(key))], from: readOnly).0.dialog == nil) }
        readOnly.screen = .alerts
        #expect(press([.character("A")], from: readOnly).1.isEmpty)
        readOnly.screen = .incident
        #expect(press([.character("n")], from: readOnly).0.dialog == nil)
    }

    static let plan = FailoverPlan(id: "PLAN-0001", incidentID: nil, name: "p", fromSiteID: "new-york", toSiteID: "london",
                                   proposedAt: 0, proposedBy: "agent", runbookHash: "h")
    static let production = PlanStep(planID: "PLAN-0001", number: 4, key: "promote", title: "Promote", action: "x",
                                     requiresApproval: true, approversRequired: 2, changesProduction: true,
                                     state: .awaitingApproval, updatedAt: 0)

    @Test("only the exact word confirms: a bare Enter or a held key never does",
          arguments: ["", "l", "llllllll", "\n\n", "London", "london ", "4", "aaaa", "override"])
    func heldKeysNeverConfirm(typed: String) {
        #expect(DecisionConfirmation.problem(typed: typed, step: Self.production, plan: Self.plan, preflightHolds: true,
                                             decision: .approved, comment: "") != nil)
    }

    @Test("production steps confirm with the target's short name, others with the step number, failing pre-flights with override")
    func words() {
        var other = Self.production
        other.changesProduction = false
        #expect(DecisionConfirmation.problem(typed: "london", step: Self.production, plan: Self.plan, preflightHolds: true,
                                             decision: .approved, comment: "") == nil)
        #expect(DecisionConfirmation.problem(typed: "4", step: other, plan: Self.plan, preflightHolds: true,
                                             decision: .approved, comment: "") == nil)
        #expect(DecisionConfirmation.problem(typed: "london", step: Self.production, plan: Self.plan, preflightHolds: false,
                                             decision: .approved, comment: "") == "'london' does not confirm: type override")
        #expect(DecisionConfirmation.problem(typed: "override", step: Self.production, plan: Self.plan, preflightHolds: false,
                                             decision: .approved, comment: "") == nil)
        #expect(DecisionConfirmation.problem(typed: "london", step: Self.production, plan: Self.plan, preflightHolds: true,
                                             decision: .rejected, comment: " ") == "a rejection needs a reason: type it in the reason field")
    }
}
