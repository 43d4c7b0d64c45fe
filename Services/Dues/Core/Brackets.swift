import Schema

/// The 2008 national rules: a single rate on the whole base, in basis points (1.5% = 150), bounds
/// inclusive on the upper side. All arithmetic is integer fen.
public enum Brackets {
    /// Employed, monthly after-tax regular pay: ≤3000 → 0.5%, ≤5000 → 1%, ≤10000 → 1.5%, above → 2%.
    public static func employedRate(baseFen: Int64) -> Int {
        switch baseFen {
        case ...300_000: 50
        case ...500_000: 100
        case ...1_000_000: 150
        default: 200
        }
    }

    /// Retired: ≤5000 → 0.5%, above → 1%.
    public static func retiredRate(baseFen: Int64) -> Int {
        baseFen <= 500_000 ? 50 : 100
    }

    /// base × rate / 10000, rounded to the fen by `rounding`. Never floating point.
    public static func amount(baseFen: Int64, rateBasisPoints: Int, rounding: DuesSettings.Rounding) -> Int64 {
        precondition(baseFen >= 0)
        let product = baseFen * Int64(rateBasisPoints)     // fen × 1/10000
        let whole = product / 10_000, remainder = product % 10_000
        switch rounding {
        case .down: return whole
        case .up: return remainder > 0 ? whole + 1 : whole
        case .halfUp: return remainder * 2 >= 10_000 ? whole + 1 : whole
        case .halfEven:
            if remainder * 2 > 10_000 { return whole + 1 }
            if remainder * 2 < 10_000 { return whole }
            return whole % 2 == 0 ? whole : whole + 1
        }
    }

    /// What a standard comes to.
    public struct Computed: Equatable, Sendable {
        public var baseFen: Int64?
        public var rateBasisPoints: Int?
        public var amountFen: Int64
        /// Reduced or exempt: needs the next committee's approval.
        public var needsApproval: Bool
    }

    /// Applies the rules to one standard as a branch enters it; throws naming the field at fault.
    public static func compute(_ input: StandardInput, settings: DuesSettings, field: String) throws(ErrorBody) -> Computed {
        func base() throws(ErrorBody) -> Int64 {
            guard let b = input.baseFen else { throw ErrorBody.make(ErrorCode.duesBaseRequired, details: ["field": "\(field).baseFen"]) }
            guard b >= 0, b <= 100_000_000_00 else { throw ErrorBody.make(ErrorCode.duesAmountInvalid, details: ["field": "\(field).baseFen"]) }
            return b
        }
        switch input.kind {
        case .employed, .retired:
            let b = try base()
            let rate = input.kind == .employed ? employedRate(baseFen: b) : retiredRate(baseFen: b)
            return Computed(baseFen: b, rateBasisPoints: rate,
                            amountFen: amount(baseFen: b, rateBasisPoints: rate, rounding: settings.rounding), needsApproval: false)
        case .farmer:
            guard let a = input.amountFen, a >= settings.farmerMinFen, a <= settings.farmerMaxFen else {
                throw ErrorBody.make(ErrorCode.duesAmountInvalid, details: [
                    "field": "\(field).amountFen", "min": String(settings.farmerMinFen), "max": String(settings.farmerMaxFen)])
            }
            return Computed(baseFen: nil, rateBasisPoints: nil, amountFen: a, needsApproval: false)
        case .student, .unemployed, .minimumAllowance:
            return Computed(baseFen: nil, rateBasisPoints: nil, amountFen: settings.minimumFen, needsApproval: false)
        case .manual:
            guard let a = input.amountFen, a >= 0, a <= 100_000_000 else {
                throw ErrorBody.make(ErrorCode.duesAmountInvalid, details: ["field": "\(field).amountFen"])
            }
            if input.baseFen != nil {
                // A base given with a lower amount than its bracket is a reduction.
                let b = try base()
                let rate = employedRate(baseFen: b)
                let full = amount(baseFen: b, rateBasisPoints: rate, rounding: settings.rounding)
                return Computed(baseFen: b, rateBasisPoints: nil, amountFen: a, needsApproval: a < full)
            }
            return Computed(baseFen: nil, rateBasisPoints: nil, amountFen: a, needsApproval: a == 0)
        case .exempt:
            return Computed(baseFen: input.baseFen.map { _ in 0 }, rateBasisPoints: nil, amountFen: 0, needsApproval: true)
        }
    }

    /// What the 2008 rules ask of a member with this standard (their bracket): the rate on the base
    /// for the employed and retired (and a manual amount entered with a base), the floor for farmers,
    /// the flat amount for students and the like; a typed amount without a base is its own bracket.
    public static func bracketFen(kind: StandardKind, baseFen: Int64?, amountFen: Int64, settings: DuesSettings) -> Int64 {
        switch kind {
        case .employed:
            return baseFen.map { amount(baseFen: $0, rateBasisPoints: employedRate(baseFen: $0), rounding: settings.rounding) } ?? amountFen
        case .retired:
            return baseFen.map { amount(baseFen: $0, rateBasisPoints: retiredRate(baseFen: $0), rounding: settings.rounding) } ?? amountFen
        case .manual:
            return baseFen.map { amount(baseFen: $0, rateBasisPoints: employedRate(baseFen: $0), rounding: settings.rounding) } ?? amountFen
        case .farmer: return settings.farmerMinFen
        case .student, .unemployed, .minimumAllowance: return settings.minimumFen
        case .exempt: return 0
        }
    }
}
