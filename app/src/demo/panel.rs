//! The live demo panel under a pattern page's article: the visitor's sandbox,
//! forms to create users and orders, the sandbox's data, the pattern's own
//! controls and the last request's trace.
//!
//! Every form is a real HTML form posting to the demo API (which answers a
//! form with `303` back to the page), so the panel works without JavaScript.
//! Once the island runs, the same forms are sent with `fetch` instead and
//! the panel updates in place.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::controls::PatternControls;
use super::model::{format_cents, preview_total, CodeRef, Order, PanelData};
use super::state::Panel;
use super::trace_view::TraceView;

/// Item lines the order form offers; blank lines are skipped.
const ITEM_LINES: usize = 3;
const MAX_ITEM_LINES: usize = 20;

// Lazy: its code is a WebAssembly file of its own (`cargo leptos build
// --split`), fetched only by pages that show it. The server build keeps the
// plain island, so the body is not compiled twice.
#[cfg_attr(feature = "hydrate", island(lazy))]
#[cfg_attr(not(feature = "hydrate"), island)]
pub fn DemoPanel(data: PanelData, code: Vec<CodeRef>, return_to: String) -> impl IntoView {
    let title = pattern_title(&data.pattern);
    let sandbox = data.sandbox.clone();
    let panel = Panel::new(data);
    Effect::new(move |_| {
        panel.hydrated.set(true);
        panel.follow_up();
    });
    let code = StoredValue::new(code);
    let return_to = StoredValue::new(return_to);
    // An error that no form field shows is announced at the top.
    let general_error = move || panel.error.get().filter(|e| !e.field.as_deref().is_some_and(has_own_place)).map(|e| e.message);

    view! {
        <section id="demo" class="demo" aria-labelledby="demo-title" data-pattern=panel.pattern.get_value()>
            <h2 id="demo-title">"Live demo: the " {title} " backend"</h2>
            <SandboxBar panel sandbox return_to=return_to.get_value()/>
            <div class="demo-alert" role="alert">
                {move || general_error().map(|message| view! { <p class="error">{message}</p> })}
            </div>
            <p class="visually-hidden" role="status" aria-live="polite">{move || panel.status.get()}</p>
            <div class="demo-grid">
                <div class="demo-forms">
                    <UserForm panel return_to=return_to.get_value()/>
                    <OrderForm panel return_to=return_to.get_value()/>
                </div>
                <div class="demo-data">
                    <UserList panel/>
                    <OrderList panel/>
                </div>
            </div>
            <PatternControls panel return_to=return_to.get_value()/>
            <div class="trace-slot">
                {move || match panel.trace.get() {
                    Some(trace) => view! { <TraceView pattern=panel.pattern.get_value() trace code=code.get_value()/> }.into_any(),
                    None => view! {
                        <p class="trace-empty">"Create a user or an order: the path the request takes through the pattern appears here."</p>
                    }
                    .into_any(),
                }}
            </div>
        </section>
    }
}

pub fn pattern_title(pattern: &str) -> &'static str {
    match pattern {
        "layered" => "Layered",
        "clean" => "Clean",
        "hexagonal" => "Hexagonal",
        "microservices" => "Microservices",
        "cqrs" => "CQRS",
        _ => "demo",
    }
}

/// Fields some form of the panel shows its error beside.
fn has_own_place(field: &str) -> bool {
    matches!(field, "email" | "name" | "password" | "user_id" | "items" | "adapter" | "delay_ms" | "service" | "mode" | "sandbox")
        || field.starts_with("items[")
}

#[component]
fn SandboxBar(panel: Panel, sandbox: String, return_to: String) -> impl IntoView {
    let reset = move |ev: SubmitEvent| {
        ev.prevent_default();
        panel.run(|panel| panel.reset());
    };
    let join_error = panel.error_for("sandbox");
    view! {
        <div class="sandbox-bar">
            <p>"Your sandbox: " <code class="sandbox-code">{sandbox}</code></p>
            <form method="post" action="/sandbox/reset" on:submit=reset>
                <input type="hidden" name="pattern" value=panel.pattern.get_value()/>
                <input type="hidden" name="return_to" value=return_to.clone()/>
                <button type="submit">"Reset my data"</button>
            </form>
            <form method="post" action="/sandbox/join" class="join" novalidate>
                <input type="hidden" name="return_to" value=return_to.clone()/>
                <label for="demo-sandbox-code">"Shared sandbox code"</label>
                <input
                    id="demo-sandbox-code"
                    name="code"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-invalid=move || join_error().map(|_| "true")
                    aria-describedby=move || join_error().map(|_| "demo-sandbox-code-error")
                />
                <button type="submit">"Join a shared sandbox"</button>
                {move || join_error().map(|m| view! { <p class="field-error" id="demo-sandbox-code-error">{m}</p> })}
            </form>
            <form method="post" action="/sandbox/leave">
                <input type="hidden" name="return_to" value=return_to/>
                <button type="submit">"Leave: start a new private sandbox"</button>
            </form>
        </div>
    }
}

/// A labelled input whose API error shows right below it.
#[component]
fn Field(
    panel: Panel,
    id: String,
    name: &'static str,
    label: String,
    /// The API's name for the field, e.g. `items[0].quantity`.
    field: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] value: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let error = panel.error_for(field);
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                aria-invalid=move || error().map(|_| "true")
                aria-describedby=move || error().map(|_| described.clone())
            />
            {move || error().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

pub(super) fn form_data(ev: &SubmitEvent) -> Option<web_sys::FormData> {
    let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    web_sys::FormData::new_with_form(&form).ok()
}

pub(super) fn text(data: &web_sys::FormData, name: &str) -> String {
    data.get(name).as_string().unwrap_or_default()
}

fn texts(data: &web_sys::FormData, name: &str) -> Vec<String> {
    data.get_all(name).iter().map(|v| v.as_string().unwrap_or_default()).collect()
}

#[component]
fn UserForm(panel: Panel, return_to: String) -> impl IntoView {
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(data) = form_data(&ev) else { return };
        let form = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok());
        let (email, name, password) = (text(&data, "email"), text(&data, "name"), text(&data, "password"));
        panel.run(move |panel| async move {
            panel.create_user(email, name, password).await;
            if panel.error.get_untracked().is_none() {
                if let Some(form) = form {
                    form.reset();
                }
            }
        });
    };
    view! {
        <form class="demo-form" method="post" action=panel.api("/users") on:submit=submit novalidate aria-labelledby="demo-user-title">
            <h3 id="demo-user-title">"Create a user"</h3>
            <input type="hidden" name="return_to" value=return_to/>
            <Field panel id="demo-email".into() name="email" field="email" label="Email".into() kind="email" autocomplete="off"/>
            <Field panel id="demo-name".into() name="name" field="name" label="Name".into() autocomplete="off"/>
            <Field
                panel
                id="demo-password".into()
                name="password"
                field="password"
                label="Password (8 characters or more)".into()
                kind="password"
                autocomplete="new-password"
            />
            <button type="submit" disabled=move || panel.busy.get()>"Create user"</button>
        </form>
    }
}

#[component]
fn OrderForm(panel: Panel, return_to: String) -> impl IntoView {
    let lines = RwSignal::new(ITEM_LINES);
    // What the lines add up to, as typed; recomputed on every keystroke.
    let typed = RwSignal::new(vec![("1".to_owned(), "1299".to_owned())]);
    let read_lines = move |data: &web_sys::FormData| {
        let (products, quantities, prices) = (texts(data, "product"), texts(data, "quantity"), texts(data, "unit_price_cents"));
        (0..products.len())
            .map(|i| [products[i].clone(), quantities.get(i).cloned().unwrap_or_default(), prices.get(i).cloned().unwrap_or_default()])
            .collect::<Vec<_>>()
    };
    let on_input = move |ev: leptos::ev::Event| {
        let Some(form) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
        typed.set(read_lines(&data).into_iter().map(|[_, q, p]| (q, p)).collect());
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(data) = form_data(&ev) else { return };
        let (user_id, items) = (text(&data, "user_id"), read_lines(&data));
        panel.run(move |panel| panel.place_order(user_id, items));
    };
    let user_error = panel.error_for("user_id");
    let items_error = panel.error_for("items");
    let no_users = move || panel.users.with(Vec::is_empty);
    let total = move || match preview_total(&typed.get()) {
        Some(cents) => format_cents(cents),
        None => "—".to_owned(),
    };

    view! {
        <form
            class="demo-form"
            method="post"
            action=panel.api("/orders")
            on:submit=submit
            on:input=on_input
            novalidate
            aria-labelledby="demo-order-title"
        >
            <h3 id="demo-order-title">"Place an order"</h3>
            <input type="hidden" name="return_to" value=return_to/>
            <div class="field">
                <label for="demo-order-user">"Customer"</label>
                <select
                    id="demo-order-user"
                    name="user_id"
                    aria-invalid=move || user_error().map(|_| "true")
                    aria-describedby=move || user_error().map(|_| "demo-order-user-error")
                >
                    {move || {
                        panel
                            .users
                            .get()
                            .into_iter()
                            .map(|user| view! { <option value=user.id>{format!("{} <{}>", user.name, user.email)}</option> })
                            .collect_view()
                    }}
                </select>
                {move || no_users().then(|| view! { <p class="hint">"Create a user first: an order belongs to one."</p> })}
                {move || user_error().map(|m| view! { <p class="field-error" id="demo-order-user-error">{m}</p> })}
            </div>
            <fieldset class="items" aria-describedby="demo-items-error">
                <legend>"Items"</legend>
                {move || {
                    (0..lines.get())
                        .map(|i| {
                            let first = i == 0;
                            view! {
                                <div class="item-line">
                                    <ItemCell panel line=i column="product" label="Product" value=first.then(|| "Coffee beans".to_owned())/>
                                    <ItemCell panel line=i column="quantity" label="Quantity" value=first.then(|| "1".to_owned())/>
                                    <ItemCell
                                        panel
                                        line=i
                                        column="unit_price_cents"
                                        label="Unit price (cents)"
                                        value=first.then(|| "1299".to_owned())
                                    />
                                </div>
                            }
                        })
                        .collect_view()
                }}
                {move || items_error().map(|m| view! { <p class="field-error" id="demo-items-error">{m}</p> })}
                <button
                    type="button"
                    class="add-line"
                    hidden=move || { !panel.hydrated.get() || lines.get() >= MAX_ITEM_LINES }
                    on:click=move |_| lines.update(|n| *n += 1)
                >
                    "Add an item line"
                </button>
            </fieldset>
            <p class="total">
                "Total: "
                <output>{move || if panel.hydrated.get() { total() } else { "quantity × unit price, summed by the server".to_owned() }}</output>
            </p>
            <button type="submit" disabled=move || panel.busy.get() || no_users()>"Place order"</button>
        </form>
    }
}

/// One cell of an item line: its label is visible, its error named by the
/// API as `items[{line}].{column}`.
#[component]
fn ItemCell(panel: Panel, line: usize, column: &'static str, label: &'static str, value: Option<String>) -> impl IntoView {
    let id = format!("demo-item-{line}-{column}");
    let api_field = format!("items[{line}].{column}");
    let error = panel.error;
    let message = move || error.get().filter(|e| e.field.as_deref() == Some(api_field.as_str())).map(|e| e.message);
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let (kind, min) = if column == "product" { ("text", None) } else { ("number", Some("1")) };
    view! {
        <div class="field">
            <label for=id.clone()>{format!("{label}, line {}", line + 1)}</label>
            <input
                id=id
                name=column
                type=kind
                min=min
                inputmode=(kind == "number").then_some("numeric")
                value=value
                aria-invalid={
                    let message = message.clone();
                    move || message().map(|_| "true")
                }
                aria-describedby={
                    let message = message.clone();
                    move || message().map(|_| described.clone())
                }
            />
            {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

#[component]
fn UserList(panel: Panel) -> impl IntoView {
    view! {
        <section class="demo-list" aria-labelledby="demo-users-title">
            <h3 id="demo-users-title">"Users " <span class="count">{move || format!("({})", panel.users.with(Vec::len))}</span></h3>
            {move || {
                let users = panel.users.get();
                if users.is_empty() {
                    return view! { <p class="empty">"No users in your sandbox yet."</p> }.into_any();
                }
                view! {
                    <ol class="users">
                        {users
                            .into_iter()
                            .map(|user| {
                                view! {
                                    <li data-id=user.id>
                                        <span class="name">{user.name}</span>
                                        " "
                                        <span class="email">{user.email}</span>
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

#[component]
fn OrderList(panel: Panel) -> impl IntoView {
    // Without JavaScript the page cannot follow a CQRS order into the read
    // model, but it can say how many events are still on their way.
    let unprojected = move || match panel.extras.get() {
        super::model::Extras::Cqrs { projection } if projection.pending_events > 0 => Some(projection.pending_events),
        _ => None,
    };
    view! {
        <section class="demo-list" aria-labelledby="demo-orders-title">
            <h3 id="demo-orders-title">"Orders " <span class="count">{move || format!("({})", panel.orders.with(Vec::len))}</span></h3>
            <ol class="orders">
                {move || {
                    panel
                        .projecting
                        .get()
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li class="order projecting" data-id=p.id>
                                    "An order accepted by the write side " <span class="status status-projecting">"projecting…"</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    (panel.projecting.with(Vec::is_empty))
                        .then(unprojected)
                        .flatten()
                        .map(|n| {
                            view! {
                                <li class="order projecting">
                                    {format!("{n} event(s) not in the read model yet ")}
                                    <span class="status status-projecting">"projecting…"</span>
                                </li>
                            }
                        })
                }}
                {move || panel.orders.get().into_iter().map(|order| view! { <OrderRow order/> }).collect_view()}
            </ol>
            {move || {
                (panel.orders.with(Vec::is_empty) && panel.projecting.with(Vec::is_empty) && unprojected().is_none())
                    .then(|| view! { <p class="empty">"No orders yet."</p> })
            }}
        </section>
    }
}

#[component]
fn OrderRow(order: Order) -> impl IntoView {
    let items = order.items.iter().map(|i| format!("{} × {}", i.quantity, i.product)).collect::<Vec<_>>().join(", ");
    view! {
        <li class="order" data-id=order.id>
            <span class="customer">{order.user_name}</span>
            ": "
            <span class="items">{items}</span>
            " · "
            <span class="total">{format_cents(order.total_cents)}</span>
            " "
            <span class=format!("status status-{}", order.status)>{order.status.clone()}</span>
        </li>
    }
}
