//! A request's trace drawn as the steps it took through the pattern: the
//! parts it crossed, then every step in order (kind, function, where, how
//! long), each linking to the code on the page that ran. Everything shown is
//! text; nothing from a trace is ever inserted as HTML.

use leptos::prelude::*;

use super::model::{format_micros, CodeRef, Trace};
use super::parts::{code_for, part_of, parts_of};

#[component]
pub fn TraceView(pattern: String, trace: Trace, code: Vec<CodeRef>) -> impl IntoView {
    let crossed: Vec<_> = trace.steps.iter().filter_map(|s| part_of(&pattern, s)).collect();
    let parts = parts_of(&pattern)
        .iter()
        .map(|part| {
            let used = crossed.contains(part);
            view! {
                <li class:used=used>
                    {part.name}
                    {used.then(|| view! { <span class="visually-hidden">" (used by this request)"</span> })}
                </li>
            }
        })
        .collect_view();
    let sql = trace.steps.iter().filter(|s| s.kind == "sql").count();
    let steps = trace
        .steps
        .iter()
        .map(|step| {
            let name = match code_for(step, &code) {
                Some(block) => view! { <a href=format!("#{}", block.id)>{step.function.clone()}</a> }.into_any(),
                None => view! { <span>{step.function.clone()}</span> }.into_any(),
            };
            let place = (!step.file.is_empty()).then(|| format!("{}:{}", step.file.trim_start_matches("server/src/"), step.line));
            view! {
                <li class=format!("step kind-{}", step.kind) style=format!("--depth:{}", step.depth.min(8))>
                    <span class="kind">{step.kind.replace('_', " ")}</span>
                    " "
                    <span class="function">{name}</span>
                    " "
                    <span class="duration">{format_micros(step.duration_us)}</span>
                    {place.map(|place| view! { <span class="place">{place}</span> })}
                    {step.detail.clone().map(|detail| view! { <code class="detail">{detail}</code> })}
                </li>
            }
        })
        .collect_view();
    let summary = format!(
        "{} {} → {} in {} · {} steps · {} SQL statements",
        trace.method,
        trace.path,
        trace.status,
        format_micros(trace.duration_us),
        trace.steps.len(),
        sql
    );
    let title_id = format!("trace-{}", trace.id);
    let labelled_by = title_id.clone();
    view! {
        <section class="trace" aria-labelledby=labelled_by data-trace-id=trace.id.clone()>
            <h3 id=title_id>{format!("The path of {} {}", trace.method, trace.path)}</h3>
            <p class="trace-summary">{summary}</p>
            <ol class="parts" aria-label="Parts of the pattern">{parts}</ol>
            <ol class="steps" aria-label="Steps, in order">{steps}</ol>
        </section>
    }
}
