//! Copy buttons on code blocks.
//!
//! The server renders every code block with a hidden "Copy" button, so
//! without JavaScript no dead button shows. This island reveals them and
//! answers their clicks through one delegated listener, and announces the
//! result in a live region for screen-reader users.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[island]
pub fn CopyCode() -> impl IntoView {
    let status = RwSignal::new(String::new());
    Effect::new(move |_| {
        reveal_buttons();
        let handle = window_event_listener(leptos::ev::click, move |event| {
            if let Some(button) = copy_button_for(&event) {
                copy_from(button, status);
            }
        });
        on_cleanup(move || handle.remove());
    });
    view! { <p class="visually-hidden copy-status" role="status" aria-live="polite">{move || status.get()}</p> }
}

fn reveal_buttons() {
    if let Ok(buttons) = document().query_selector_all("button.copy-code") {
        for i in 0..buttons.length() {
            if let Some(button) = buttons.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let _ = button.remove_attribute("hidden");
            }
        }
    }
}

fn copy_button_for(event: &web_sys::MouseEvent) -> Option<web_sys::Element> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    target.closest("button.copy-code").ok()?
}

fn copy_from(button: web_sys::Element, status: RwSignal<String>) {
    let Some(code) =
        button.parent_element().and_then(|block| block.query_selector("pre").ok().flatten()).and_then(|pre| pre.text_content())
    else {
        return;
    };
    let promise = window().navigator().clipboard().write_text(&code);
    leptos::task::spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        let (label, message) = if copied {
            ("Copied", "Code copied to the clipboard")
        } else {
            ("Copy failed", "Could not copy: the browser refused clipboard access")
        };
        button.set_text_content(Some(label));
        status.set(message.to_owned());
        set_timeout(move || button.set_text_content(Some("Copy")), Duration::from_secs(2));
    });
}
