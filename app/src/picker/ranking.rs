//! The picker's decision: four answers in, the five patterns ranked out.
//!
//! Pure data and arithmetic, no Leptos, so the same code ranks on the server
//! (the form submitted without JavaScript) and in the island (live, as the
//! radios change), and the tests below pin it down. Every point and every
//! sentence comes from the decision matrix on "Choosing a pattern" and the
//! "When to use" lists of the pattern pages.

use serde::{Deserialize, Serialize};

/// Ranks the five patterns for `answers`, best fit first. The sort is stable
/// over the matrix order, so ties keep the matrix order: layered, clean,
/// hexagonal, microservices, CQRS.
pub fn rank(answers: &Answers) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = Pattern::ALL
        .iter()
        .enumerate()
        .map(|(column, &pattern)| {
            let cells = [
                (TEAM_WEIGHT, answers.team.cells()[column]),
                (DOMAIN_WEIGHT, answers.domain.cells()[column]),
                (SCALE_WEIGHT, answers.scale.cells()[column]),
                (TTM_WEIGHT, answers.ttm.cells()[column]),
            ];
            let score = cells.iter().map(|&(weight, (points, _))| weight * points).sum();
            let reasons = cells.iter().map(|&(_, (points, text))| Reason { points, text }).collect();
            Ranked { pattern, score, reasons }
        })
        .collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.score));
    ranked
}

/// Team, domain and scaling shape the code for years, so they count double;
/// time to market is a matter of the first months.
const TEAM_WEIGHT: u8 = 2;
const DOMAIN_WEIGHT: u8 = 2;
const SCALE_WEIGHT: u8 = 2;
const TTM_WEIGHT: u8 = 1;

/// The most a cell gives: the answer is the pattern's sweet spot.
const MAX_POINTS: u8 = 3;

/// The best score possible, every answer a sweet spot.
pub const MAX_SCORE: u8 = MAX_POINTS * (TEAM_WEIGHT + DOMAIN_WEIGHT + SCALE_WEIGHT + TTM_WEIGHT);

/// One pattern's place in the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub pattern: Pattern,
    /// Out of [`MAX_SCORE`].
    pub score: u8,
    /// One per question, in question order.
    pub reasons: Vec<Reason>,
}

impl Ranked {
    /// The score in words, for readers who skim.
    pub fn fit(&self) -> &'static str {
        match self.score {
            17.. => "Strong fit",
            12..=16 => "Good fit",
            7..=11 => "Partial fit",
            _ => "Poor fit",
        }
    }
}

/// Why one answer helps or hurts one pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// 0 (a poor fit) to 3 (the pattern's sweet spot), before weighting.
    pub points: u8,
    pub text: &'static str,
}

impl Reason {
    /// Whether this answer speaks for or against the pattern.
    pub fn stance(&self) -> &'static str {
        match self.points {
            0 => "Against",
            1 => "Partly",
            _ => "For",
        }
    }
}

/// The five patterns, in the decision matrix's column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Layered,
    Clean,
    Hexagonal,
    Microservices,
    Cqrs,
}

impl Pattern {
    pub const ALL: [Pattern; 5] = [Pattern::Layered, Pattern::Clean, Pattern::Hexagonal, Pattern::Microservices, Pattern::Cqrs];

    pub fn name(self) -> &'static str {
        match self {
            Pattern::Layered => "Layered",
            Pattern::Clean => "Clean",
            Pattern::Hexagonal => "Hexagonal",
            Pattern::Microservices => "Microservices",
            Pattern::Cqrs => "CQRS",
        }
    }

    /// As in `crate::guide::PATTERNS`: the page is `/patterns/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            Pattern::Layered => "layered",
            Pattern::Clean => "clean",
            Pattern::Hexagonal => "hexagonal",
            Pattern::Microservices => "microservices",
            Pattern::Cqrs => "cqrs",
        }
    }
}

/// The reader's four answers. Each question's type only holds its options,
/// so an answer read from a URL is parsed once and is valid from then on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Answers {
    pub team: TeamSize,
    pub domain: Domain,
    pub scale: Scaling,
    pub ttm: TimeToMarket,
}

impl Answers {
    /// Reads the answers from query parameters (`team`, `domain`, `scale`,
    /// `ttm`); a missing or unknown value falls back to that question's default.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        fn read<C: Choice>(get: &impl Fn(&str) -> Option<String>) -> C {
            get(C::NAME).and_then(|key| C::from_key(&key)).unwrap_or_default()
        }
        Answers { team: read(&get), domain: read(&get), scale: read(&get), ttm: read(&get) }
    }
}

/// What one question's answer gives each pattern: points and the reason, in
/// matrix column order.
pub type Cells = [(u8, &'static str); 5];

/// A question of the picker and its options.
pub trait Choice: Copy + PartialEq + Default + Send + Sync + 'static {
    /// The query parameter and the radio group's `name`.
    const NAME: &'static str;
    /// The question, the fieldset's legend.
    const QUESTION: &'static str;
    const ALL: &'static [Self];

    /// The value in the query string.
    fn key(self) -> &'static str;
    /// What the reader sees next to the radio button.
    fn label(self) -> &'static str;
    fn cells(self) -> &'static Cells;

    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|choice| choice.key() == key)
    }
}

/// The matrix's "Team Size" row: layered 1–5, clean 3–10, hexagonal 5–15,
/// microservices 10+, CQRS 5+ (a minimum rather than a sweet spot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TeamSize {
    UpTo5,
    #[default]
    ThreeTo10,
    FiveTo15,
    TenPlus,
}

impl Choice for TeamSize {
    const NAME: &'static str = "team";
    const QUESTION: &'static str = "How many people will work on it?";
    const ALL: &'static [Self] = &[TeamSize::UpTo5, TeamSize::ThreeTo10, TeamSize::FiveTo15, TeamSize::TenPlus];

    fn key(self) -> &'static str {
        match self {
            TeamSize::UpTo5 => "1-5",
            TeamSize::ThreeTo10 => "3-10",
            TeamSize::FiveTo15 => "5-15",
            TeamSize::TenPlus => "10-plus",
        }
    }

    fn label(self) -> &'static str {
        match self {
            TeamSize::UpTo5 => "1–5 people",
            TeamSize::ThreeTo10 => "3–10 people",
            TeamSize::FiveTo15 => "5–15 people",
            TeamSize::TenPlus => "10 or more",
        }
    }

    fn cells(self) -> &'static Cells {
        match self {
            TeamSize::UpTo5 => &[
                (3, "Your team of 1–5 matches layered's sweet spot: a few people can keep a layered codebase in their heads."),
                (1, "Clean suits teams of 3–10; for 1–5 people its boundaries are more structure than they need."),
                (0, "Hexagonal suits teams of 5–15; ports on both sides of the core are a lot for 1–5 people to maintain."),
                (0, "Microservices pay off from about ten people, when teams can own services; 1–5 people would each run several."),
                (0, "CQRS needs five or more people: its two sides and the machinery between them are a lot for 1–5 to carry."),
            ],
            TeamSize::ThreeTo10 => &[
                (1, "Layered suits teams of 1–5; in a team of 3–10, people start to step on each other in shared layers."),
                (3, "Your team of 3–10 matches clean's sweet spot: its boundaries let several people work without stepping on each other."),
                (2, "Hexagonal suits teams of 5–15, so a team of 3–10 sits at its lower end."),
                (0, "Microservices pay off from about ten people; a team of 3–10 is below the point where teams can own services."),
                (1, "CQRS needs five or more people; a team of 3–10 may only just have them."),
            ],
            TeamSize::FiveTo15 => &[
                (0, "Layered suits teams of 1–5; a team of 5–15 outgrows one set of shared layers."),
                (2, "Clean suits teams of 3–10, so a team of 5–15 fits at its upper end."),
                (3, "Your team of 5–15 matches hexagonal's sweet spot: its ports give several people clear places to work."),
                (1, "Microservices pay off from about ten people; a team of 5–15 is at the threshold."),
                (2, "Your team of 5–15 has the five or more people CQRS needs to carry its two sides."),
            ],
            TeamSize::TenPlus => &[
                (0, "A team of 10 or more outgrows layered, which suits 1–5: everyone would change the same layers."),
                (1, "Clean suits teams of 3–10; with 10 or more, one codebase gets crowded."),
                (1, "Hexagonal suits teams of 5–15, so it fits a team of 10 or more only up to about fifteen."),
                (3, "Your team of 10 or more is where microservices pay off: teams can own services."),
                (2, "Your team of 10 or more has the five or more people CQRS needs to carry its two sides."),
            ],
        }
    }
}

/// How much business logic there is: the "Use when" and "Avoid when" lists
/// of each pattern page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Domain {
    SimpleCrud,
    #[default]
    ModerateRules,
    Complex,
}

impl Choice for Domain {
    const NAME: &'static str = "domain";
    const QUESTION: &'static str = "How complex is the domain logic?";
    const ALL: &'static [Self] = &[Domain::SimpleCrud, Domain::ModerateRules, Domain::Complex];

    fn key(self) -> &'static str {
        match self {
            Domain::SimpleCrud => "crud",
            Domain::ModerateRules => "rules",
            Domain::Complex => "complex",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Domain::SimpleCrud => "Simple CRUD",
            Domain::ModerateRules => "Moderate business rules",
            Domain::Complex => "A complex domain",
        }
    }

    fn cells(self) -> &'static Cells {
        match self {
            Domain::SimpleCrud => &[
                (3, "Simple CRUD needs no more structure than layered's controller, service and repository."),
                (0, "Clean's entities and use cases are overhead for simple CRUD."),
                (0, "Hexagonal's ports and adapters are overhead for simple CRUD."),
                (0, "Simple data relationships give microservices nothing worth splitting; the network costs more than it gives."),
                (0, "In simple CRUD, reads and writes have the same shape, so CQRS's two models only add work."),
            ],
            Domain::ModerateRules => &[
                (2, "Layered copes with moderate rules; when they grow, the usual next step is clean."),
                (3, "Moderate business rules are what clean's entities and use cases are for: the rules stay out of the database code."),
                (2, "Hexagonal isolates the rules behind ports; for moderate rules that is a little more than needed."),
                (1, "Moderate rules rarely need microservices' split into separately deployed services."),
                (1, "Moderate rules seldom need CQRS's separate read and write models."),
            ],
            Domain::Complex => &[
                (0, "A complex domain needs isolating, and layered's service is built on a concrete repository."),
                (3, "A complex, valuable domain is what clean protects: the rules sit at the centre, free of frameworks."),
                (3, "A complex domain suits hexagonal: the core stays apart from every adapter, in the spirit of domain-driven design."),
                (2, "A large, complex domain can be cut by business capability into microservices."),
                (3, "A complex domain whose reads and writes differ is CQRS's first use case."),
            ],
        }
    }
}

/// The matrix's "Scalability" row: layered limited, clean and hexagonal good,
/// microservices and CQRS excellent, each in its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Scaling {
    OneBox,
    #[default]
    AsAWhole,
    PartsIndependently,
    ReadHeavy,
}

impl Choice for Scaling {
    const NAME: &'static str = "scale";
    const QUESTION: &'static str = "What must it scale to?";
    const ALL: &'static [Self] = &[Scaling::OneBox, Scaling::AsAWhole, Scaling::PartsIndependently, Scaling::ReadHeavy];

    fn key(self) -> &'static str {
        match self {
            Scaling::OneBox => "one-box",
            Scaling::AsAWhole => "whole",
            Scaling::PartsIndependently => "parts",
            Scaling::ReadHeavy => "reads",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Scaling::OneBox => "One server is fine",
            Scaling::AsAWhole => "Grow as a whole",
            Scaling::PartsIndependently => "Scale parts independently",
            Scaling::ReadHeavy => "Reads far outnumber writes",
        }
    }

    fn cells(self) -> &'static Cells {
        match self {
            Scaling::OneBox => &[
                (3, "One server is enough, and layered deploys as one simple monolith."),
                (2, "Clean runs well on one server; its boundaries are about change, not load."),
                (2, "Hexagonal runs well on one server; its ports are about change, not load."),
                (0, "On one server, microservices' separate processes, networks and databases buy nothing."),
                (0, "At a scale one server handles, CQRS's separate read side buys nothing."),
            ],
            Scaling::AsAWhole => &[
                (1, "Layered's scalability is limited: it grows only as one whole, with every layer tied to the same database."),
                (3, "Clean grows as a whole well: infrastructure sits behind interfaces and can be replaced with something bigger."),
                (3, "Hexagonal grows as a whole well: bigger infrastructure is a new adapter, and the core does not change."),
                (1, "Growing as a whole does not need microservices' independent scaling, which puts a network between every part."),
                (1, "Growing as a whole does not need CQRS's separate scaling of reads and writes."),
            ],
            Scaling::PartsIndependently => &[
                (0, "Layered scales only as one whole, and its horizontal layers are hard to cut into services later."),
                (1, "Clean deploys as one unit, so its parts cannot scale on their own."),
                (1, "Hexagonal deploys as one unit, though its ports make a later split into services smoother."),
                (3, "Scaling parts independently is what microservices are for: each service scales on its own."),
                (2, "CQRS scales reads and writes separately, which is one way of scaling parts on their own."),
            ],
            Scaling::ReadHeavy => &[
                (0, "Layered serves reads and writes from the same model and scales only as one whole."),
                (1, "Clean serves reads through the same use cases and entities as writes."),
                (1, "Hexagonal serves reads through the same core as writes."),
                (2, "Microservices can scale a read-heavy service on its own, and add CQRS inside it."),
                (3, "Reads far outnumber writes: CQRS scales its read side on its own, with views shaped for the queries."),
            ],
        }
    }
}

/// The matrix's "Time to Market" row: layered fast, clean and hexagonal
/// medium, microservices and CQRS slow; and its "Flexibility" row for systems
/// that must last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TimeToMarket {
    ShipFast,
    #[default]
    Balanced,
    LongLived,
}

impl Choice for TimeToMarket {
    const NAME: &'static str = "ttm";
    const QUESTION: &'static str = "How soon must it ship, and how long will it live?";
    const ALL: &'static [Self] = &[TimeToMarket::ShipFast, TimeToMarket::Balanced, TimeToMarket::LongLived];

    fn key(self) -> &'static str {
        match self {
            TimeToMarket::ShipFast => "fast",
            TimeToMarket::Balanced => "balanced",
            TimeToMarket::LongLived => "long",
        }
    }

    fn label(self) -> &'static str {
        match self {
            TimeToMarket::ShipFast => "Ship fast",
            TimeToMarket::Balanced => "Balanced",
            TimeToMarket::LongLived => "A long-lived system",
        }
    }

    fn cells(self) -> &'static Cells {
        match self {
            TimeToMarket::ShipFast => &[
                (3, "You need to ship fast, and layered is the fastest of the five to market."),
                (1, "Clean costs some speed at the start, which hurts when you must ship fast."),
                (1, "Hexagonal costs some speed at the start, and tight deadlines are a classic reason to avoid it."),
                (0, "Microservices are slow to get going: deployment and monitoring must exist before the first feature is useful."),
                (0, "CQRS is slow to get going: two models and the projections between them come before the first feature."),
            ],
            TimeToMarket::Balanced => &[
                (2, "On a balanced schedule layered's speed still helps, though later changes spread through its layers."),
                (3, "A balanced schedule suits clean: it spends some speed at the start to save it later."),
                (3, "A balanced schedule suits hexagonal: it spends some speed at the start to save it later."),
                (1, "Even on a balanced schedule, microservices need their infrastructure before the first feature ships."),
                (1, "Even on a balanced schedule, CQRS needs both its models before the first feature ships."),
            ],
            TimeToMarket::LongLived => &[
                (1, "Layered's flexibility is low: over a long life, a change of database or framework spreads through every layer."),
                (3, "A long-lived system is where clean pays back: frameworks and databases can change behind its boundaries."),
                (3, "A long-lived system is where hexagonal pays back: infrastructure changes behind its ports while the core stays."),
                (2, "A long-lived system gains from microservices' flexibility: a service can be rewritten without the others noticing."),
                (2, "A long-lived system gains from CQRS's flexibility: new read views can be built from the events already stored."),
            ],
        }
    }
}

#[cfg(test)]
mod tests;
