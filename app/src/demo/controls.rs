//! The controls only one pattern has: hexagonal's persistence switch and
//! mailbox, microservices' fault injection, CQRS' projection delay and
//! rebuild. Each is a form posting to its backend's API (so it works without
//! JavaScript) that the island sends with `fetch` instead once it runs.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde_json::json;

use super::model::Extras;
use super::panel::{form_data, text};
use super::state::Panel;

#[component]
pub fn PatternControls(panel: Panel, return_to: String) -> impl IntoView {
    move || match panel.extras.get() {
        Extras::None => ().into_any(),
        Extras::Hexagonal { adapter, mailbox } => view! { <Hexagonal panel return_to=return_to.clone() adapter mailbox/> }.into_any(),
        Extras::Microservices { faults } => view! { <Microservices panel return_to=return_to.clone() faults/> }.into_any(),
        Extras::Cqrs { projection } => view! { <Cqrs panel return_to=return_to.clone() projection/> }.into_any(),
    }
}

fn field(ev: &SubmitEvent, name: &str) -> String {
    form_data(ev).map(|data| text(&data, name)).unwrap_or_default()
}

#[component]
fn Hexagonal(panel: Panel, return_to: String, adapter: String, mailbox: Vec<super::model::Mail>) -> impl IntoView {
    let switch = move |ev: SubmitEvent| {
        ev.prevent_default();
        let adapter = field(&ev, "adapter");
        panel.run(move |panel| {
            panel.control("PUT", "/adapters/persistence", Some(json!({ "adapter": adapter })), "Persistence adapter switched")
        });
    };
    let error = panel.error_for("adapter");
    let is = |name: &str| adapter == name;
    view! {
        <section class="demo-controls" aria-labelledby="demo-hex-title">
            <h3 id="demo-hex-title">"Swap an adapter"</h3>
            <form method="post" action=panel.api("/adapters/persistence") on:submit=switch>
                <input type="hidden" name="return_to" value=return_to/>
                <fieldset>
                    <legend>"Persistence adapter behind the outbound port"</legend>
                    <label>
                        <input type="radio" name="adapter" value="sqlite" checked=is("sqlite")/>
                        " SQLite (a file on disk)"
                    </label>
                    <label>
                        <input type="radio" name="adapter" value="memory" checked=is("memory")/>
                        " In memory (gone on restart)"
                    </label>
                </fieldset>
                {move || error().map(|m| view! { <p class="field-error">{m}</p> })}
                <button type="submit">"Switch adapter"</button>
            </form>
            <p class="current">"Now using: " <strong>{if adapter == "memory" { "in memory" } else { "SQLite" }}</strong></p>
            <h4 id="demo-mailbox-title">"Mailbox: welcome mails sent through the Mailer port"</h4>
            {if mailbox.is_empty() {
                view! { <p class="empty">"No mail yet: create a user."</p> }.into_any()
            } else {
                view! {
                    <ol class="mailbox" aria-labelledby="demo-mailbox-title">
                        {mailbox
                            .into_iter()
                            .map(|mail| {
                                view! {
                                    <li>
                                        <span class="to">{format!("To {}", mail.to)}</span>
                                        " · "
                                        <span class="subject">{mail.subject}</span>
                                        <p class="body">{mail.body}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}

const SERVICES: [&str; 3] = ["users", "orders", "payments"];

#[component]
fn Microservices(panel: Panel, return_to: String, faults: super::model::Faults) -> impl IntoView {
    let apply = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (service, mode) = (field(&ev, "service"), field(&ev, "mode"));
        let done = format!("The {service} service is now: {mode}");
        panel.run(move |panel| async move {
            panel.control("PUT", "/faults", Some(json!({ "service": service, "mode": mode })), &done).await;
            panel.follow_up();
        });
    };
    let mode_of = |service: &str| {
        let mode = match service {
            "users" => faults.users.clone(),
            "orders" => faults.orders.clone(),
            _ => faults.payments.clone(),
        };
        mode.unwrap_or_else(|| "not answering".into())
    };
    let rows = SERVICES
        .iter()
        .map(|service| {
            let mode = mode_of(service);
            view! {
                <li>
                    <span class="service">{*service}</span>
                    ": "
                    <span class=format!("mode mode-{mode}")>{if mode == "none" { "up".to_owned() } else { mode.clone() }}</span>
                </li>
            }
        })
        .collect_view();
    let service_error = panel.error_for("service");
    view! {
        <section class="demo-controls" aria-labelledby="demo-faults-title">
            <h3 id="demo-faults-title">"Break a service (only for your sandbox)"</h3>
            <ul class="faults" aria-label="Services">{rows}</ul>
            <form method="post" action=panel.api("/faults") on:submit=apply>
                <input type="hidden" name="return_to" value=return_to/>
                <div class="field">
                    <label for="demo-fault-service">"Service"</label>
                    <select id="demo-fault-service" name="service">
                        <option value="users">"users"</option>
                        <option value="orders">"orders"</option>
                        <option value="payments" selected>"payments"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="demo-fault-mode">"Fault"</label>
                    <select id="demo-fault-mode" name="mode">
                        <option value="down">"down (answers 503)"</option>
                        <option value="slow">"slow (1.5 s late)"</option>
                        <option value="none">"none (back up)"</option>
                    </select>
                </div>
                {move || service_error().map(|m| view! { <p class="field-error">{m}</p> })}
                <button type="submit">"Apply fault"</button>
            </form>
            <p class="hint">
                "Take payments down, place an order: it stays pending while its event waits in the outbox. Bring payments back and watch it turn paid."
            </p>
        </section>
    }
}

#[component]
fn Cqrs(panel: Panel, return_to: String, projection: super::model::Projection) -> impl IntoView {
    let set_delay = move |ev: SubmitEvent| {
        ev.prevent_default();
        let raw = field(&ev, "delay_ms");
        let delay = raw.trim().parse::<i64>().map_or_else(|_| json!(raw), |n| json!(n));
        panel.run(move |panel| panel.control("PUT", "/projection", Some(json!({ "delay_ms": delay })), "Projection delay set"));
    };
    let rebuild = move |ev: SubmitEvent| {
        ev.prevent_default();
        panel.run(|panel| panel.control("POST", "/projection/rebuild", None, "Read model rebuilt from the events"));
    };
    let error = panel.error_for("delay_ms");
    view! {
        <section class="demo-controls" aria-labelledby="demo-projection-title">
            <h3 id="demo-projection-title">"The projection"</h3>
            <dl class="projection">
                <dt>"Events not yet projected"</dt>
                <dd class="pending-events">{projection.pending_events}</dd>
                <dt>"Lag of the last projected event"</dt>
                <dd class="lag">{format!("{} ms", projection.last_lag_ms)}</dd>
                <dt>"Delay you set"</dt>
                <dd class="delay">{format!("{} ms", projection.delay_ms)}</dd>
            </dl>
            <form method="post" action=panel.api("/projection") on:submit=set_delay novalidate>
                <input type="hidden" name="return_to" value=return_to.clone()/>
                <div class="field">
                    <label for="demo-delay">"Projection delay (ms, 0 to 10000)"</label>
                    <input
                        id="demo-delay"
                        name="delay_ms"
                        type="number"
                        min="0"
                        max="10000"
                        step="100"
                        value=projection.delay_ms.to_string()
                        aria-invalid=move || error().map(|_| "true")
                        aria-describedby=move || error().map(|_| "demo-delay-error")
                    />
                    {move || error().map(|m| view! { <p class="field-error" id="demo-delay-error">{m}</p> })}
                </div>
                <button type="submit">"Set delay"</button>
            </form>
            <form method="post" action=panel.api("/projection/rebuild") on:submit=rebuild>
                <input type="hidden" name="return_to" value=return_to/>
                <button type="submit">"Rebuild the read model from events"</button>
            </form>
        </section>
    }
}
