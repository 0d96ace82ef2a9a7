//! The pattern picker on "Choosing a pattern": four questions from the
//! decision matrix, and the five patterns ranked with the reasons.
//!
//! It works without JavaScript: the questions are a plain GET form back to
//! `/choosing`, and the server reads the answers from the query and renders
//! the ranking. With JavaScript, the same markup is an island ([`form`]) that
//! re-ranks as the radios change. Both rank with [`ranking::rank`], which
//! knows nothing of Leptos.

mod form;
pub mod ranking;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use self::form::PickerForm;
use self::ranking::Answers;

/// Rendered below the article of the `choosing` page.
#[component]
pub fn Picker() -> impl IntoView {
    // Only known option keys are kept; anything else in the query is dropped
    // here, so no query text ever reaches the page.
    let answers = use_query_map().with_untracked(|query| Answers::from_query(|key| query.get(key)));
    view! {
        <section id="picker" class="picker" aria-labelledby="picker-title">
            <h2 id="picker-title">"Which pattern fits?"</h2>
            <p>
                "Answer four questions from the " <a href="#decision-matrix">"decision matrix"</a>
                " and see the five patterns ranked for your project, with the reasons."
            </p>
            <PickerForm answers/>
        </section>
    }
}
