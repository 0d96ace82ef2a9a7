//! The parts each pattern is made of, as the panel draws them: in order
//! from the edge inwards, each named for what a reader sees in the folder
//! tree. A trace step belongs to the part whose folder holds its source file.

use super::model::{CodeRef, Step};

/// One part of a pattern and the folder (under `server/src/demos/{pattern}/`)
/// or file its code lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub name: &'static str,
    pub folder: &'static str,
}

const fn part(name: &'static str, folder: &'static str) -> Part {
    Part { name, folder }
}

/// SQL statements have no folder: they are the database itself.
pub const DATABASE: Part = part("SQLite", "");

const LAYERED: &[Part] =
    &[part("Controller", "controller.rs"), part("Service", "service.rs"), part("Repository", "repository.rs"), DATABASE];
const CLEAN: &[Part] = &[
    part("Interface adapters", "interface_adapters/"),
    part("Use cases", "application/"),
    part("Entities", "domain/"),
    part("Infrastructure", "infrastructure/"),
    DATABASE,
];
const HEXAGONAL: &[Part] = &[
    part("Inbound adapters", "adapters/inbound/"),
    part("Inbound port", "core/ports/inbound/"),
    part("Core services", "core/services/"),
    part("Domain", "core/domain/"),
    part("Outbound ports", "core/ports/outbound/"),
    part("Outbound adapters", "adapters/outbound/"),
    DATABASE,
];
const MICROSERVICES: &[Part] = &[
    part("Gateway", "gateway/"),
    part("Service edge", "edge.rs"),
    part("HTTP hops", "hop.rs"),
    part("Users service", "users/"),
    part("Orders service", "orders/"),
    part("Payments service", "payments/"),
    part("Event bus (outbox)", "bus/"),
    DATABASE,
];
const CQRS: &[Part] = &[
    part("HTTP edge", "http.rs"),
    part("Commands", "commands/"),
    part("Write model", "write_model/"),
    part("Events", "events/"),
    part("Read model", "read_model/"),
    part("Queries", "queries/"),
    DATABASE,
];

pub fn parts_of(pattern: &str) -> &'static [Part] {
    match pattern {
        "layered" => LAYERED,
        "clean" => CLEAN,
        "hexagonal" => HEXAGONAL,
        "microservices" => MICROSERVICES,
        "cqrs" => CQRS,
        _ => &[],
    }
}

/// The part of `pattern` a step ran in, if any.
pub fn part_of(pattern: &str, step: &Step) -> Option<Part> {
    if step.kind == "sql" {
        return Some(DATABASE);
    }
    let root = format!("server/src/demos/{pattern}/");
    let inside = step.file.strip_prefix(&root)?;
    parts_of(pattern).iter().copied().find(|p| !p.folder.is_empty() && inside.starts_with(p.folder))
}

/// The names of the parts a trace crossed, in the pattern's order.
pub fn parts_crossed(pattern: &str, steps: &[Step]) -> Vec<&'static str> {
    parts_of(pattern).iter().filter(|p| steps.iter().any(|s| part_of(pattern, s) == Some(**p))).map(|p| p.name).collect()
}

/// The code block on the page that shows the line a step ran at. A span's
/// line is that of its function's signature or attribute, so a block that
/// starts a few lines below (after doc comments it left out) still counts.
pub fn code_for<'a>(step: &Step, code: &'a [CodeRef]) -> Option<&'a CodeRef> {
    code.iter().find(|c| c.file == step.file && c.start <= step.line + 3 && step.line <= c.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: &str, file: &str, line: u32) -> Step {
        Step { kind: kind.into(), function: "f".into(), file: file.into(), line, depth: 0, start_us: 0, duration_us: 1, detail: None }
    }

    #[test]
    fn steps_belong_to_the_part_whose_folder_holds_them() {
        let s = step("port", "server/src/demos/hexagonal/core/ports/outbound/mod.rs", 10);
        assert_eq!(part_of("hexagonal", &s).map(|p| p.name), Some("Outbound ports"));
        let s = step("controller", "server/src/demos/layered/controller.rs", 10);
        assert_eq!(part_of("layered", &s).map(|p| p.name), Some("Controller"));
        assert_eq!(part_of("clean", &s), None, "another pattern's file is no part of clean");
        assert_eq!(part_of("clean", &step("sql", "", 0)), Some(DATABASE));
    }

    #[test]
    fn parts_crossed_follow_the_patterns_order() {
        let steps = [
            step("sql", "", 0),
            step("repository", "server/src/demos/layered/repository.rs", 1),
            step("controller", "server/src/demos/layered/controller.rs", 1),
        ];
        assert_eq!(parts_crossed("layered", &steps), ["Controller", "Repository", "SQLite"]);
    }

    #[test]
    fn a_step_links_to_the_block_that_holds_its_line() {
        let code = [
            CodeRef { id: "a".into(), file: "x.rs".into(), start: 10, end: 20 },
            CodeRef { id: "b".into(), file: "x.rs".into(), start: 30, end: 40 },
        ];
        assert_eq!(code_for(&step("service", "x.rs", 31), &code).map(|c| c.id.as_str()), Some("b"));
        assert_eq!(code_for(&step("service", "x.rs", 8), &code).map(|c| c.id.as_str()), Some("a"));
        assert_eq!(code_for(&step("service", "x.rs", 25), &code), None);
        assert_eq!(code_for(&step("service", "y.rs", 31), &code), None);
    }
}
