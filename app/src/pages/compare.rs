//! `/compare`: one operation — create a user, then an order for them — run
//! on all five backends, and what each did, side by side. The form posts to
//! the server, which calls the five APIs in-process and comes back here with
//! the trace ids; so the page works the same with or without JavaScript.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::demo::model::{format_micros, Comparison, Run};
use crate::demo::parts::parts_crossed;
use crate::demo::pattern_title;
use crate::demo::trace_view::TraceView;
use crate::layout::Layout;

#[component]
pub fn ComparePage() -> impl IntoView {
    let comparison = loaded().unwrap_or_default();
    view! {
        <Title text="Compare the five backends · Patterns Live"/>
        <Meta name="description" content="Run the same operation on the layered, clean, hexagonal, microservices and CQRS backends and compare what each did."/>
        <Layout current="/compare".to_owned()>
            <div class="page compare">
                <h1 id="page-title" class="page-title">"Compare the five backends"</h1>
                <p class="lead">
                    "One operation — create a user, then place an order for them — sent to all five demo backends in your sandbox. "
                    "Same contract outside, different structure inside: the table shows what each one did to answer."
                </p>
                <CompareForm/>
                {(!comparison.runs.is_empty()).then(|| view! { <Results runs=comparison.runs/> })}
            </div>
        </Layout>
    }
}

fn loaded() -> Option<Comparison> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<Comparison>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[component]
fn CompareForm() -> impl IntoView {
    let field = |id: &'static str, name: &'static str, label: &'static str, kind: &'static str, value: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=name type=kind value=value autocomplete="off"/>
            </div>
        }
    };
    view! {
        <form class="compare-form" method="post" action="/compare" novalidate aria-labelledby="compare-form-title">
            <h2 id="compare-form-title">"Create a user and an order on all five"</h2>
            <div class="compare-fields">
                {field("compare-email", "email", "Email", "email", "")}
                {field("compare-name", "name", "Name", "text", "")}
                {field("compare-password", "password", "Password (8 characters or more)", "password", "")}
                {field("compare-product", "product", "Product", "text", "Coffee beans")}
                {field("compare-quantity", "quantity", "Quantity", "number", "2")}
                {field("compare-price", "unit_price_cents", "Unit price (cents)", "number", "1299")}
            </div>
            <button type="submit">"Run on all five backends"</button>
        </form>
    }
}

fn steps(run: &Run) -> impl Iterator<Item = &crate::demo::model::Step> {
    run.traces.iter().flat_map(|t| t.steps.iter())
}

#[component]
fn Results(runs: Vec<Run>) -> impl IntoView {
    let cell_row = |label: &'static str, cell: &dyn Fn(&Run) -> String| {
        let cells = runs.iter().map(|run| view! { <td>{cell(run)}</td> }).collect_view();
        view! {
            <tr>
                <th scope="row">{label}</th>
                {cells}
            </tr>
        }
    };
    let headers = runs
        .iter()
        .map(|run| {
            view! {
                <th scope="col">
                    <a href=format!("/patterns/{}", run.pattern)>{pattern_title(&run.pattern)}</a>
                </th>
            }
        })
        .collect_view();
    let rows = vec![
        cell_row("Status", &|run| run.traces.iter().map(|t| t.status.to_string()).collect::<Vec<_>>().join(" then ")),
        cell_row("Steps", &|run| steps(run).count().to_string()),
        cell_row("Components crossed", &|run| {
            let all: Vec<_> = steps(run).cloned().collect();
            parts_crossed(&run.pattern, &all).join(", ")
        }),
        cell_row("SQL statements", &|run| steps(run).filter(|s| s.kind == "sql").count().to_string()),
        cell_row("Services", &|run| {
            let mut services: Vec<String> = Vec::new();
            for service in steps(run).filter(|s| s.kind == "service").filter_map(|s| s.detail.clone()) {
                if !services.contains(&service) {
                    services.push(service);
                }
            }
            if services.is_empty() {
                "one process".to_owned()
            } else {
                services.join(", ")
            }
        }),
        cell_row("Events", &|run| {
            let events = steps(run).filter(|s| s.kind == "event").count();
            if events == 0 {
                "none".to_owned()
            } else {
                events.to_string()
            }
        }),
        cell_row("Server time", &|run| format_micros(run.traces.iter().map(|t| t.duration_us).sum())),
    ];
    let details = runs
        .iter()
        .map(|run| {
            let traces = run
                .traces
                .iter()
                .map(|trace| view! { <TraceView pattern=run.pattern.clone() trace=trace.clone() code=Vec::new()/> })
                .collect_view();
            view! {
                <details class="compare-steps">
                    <summary>{format!("Every step on {}", pattern_title(&run.pattern))}</summary>
                    {traces}
                </details>
            }
        })
        .collect_view();
    view! {
        <section id="results" class="compare-results" aria-labelledby="results-title">
            <h2 id="results-title">"What each backend did"</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="results-title">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Backend"</th>
                            {headers}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {details}
        </section>
    }
}
