//! The picker's questions and ranking, as one island.
//!
//! The server renders the whole form and the ranking for the answers in the
//! URL, so without JavaScript the form submits and the next page shows the
//! new ranking. Once the WebAssembly wakes, the same markup re-ranks as the
//! radios change, and the result region, `aria-live`, tells screen readers.
//! The submit button stays: it still gives a URL to share.

use leptos::prelude::*;

use super::ranking::{rank, Answers, Choice, Ranked, MAX_SCORE};
use crate::guide::path_for_slug;

/// `answers` are the server's reading of the query; they become the starting
/// state in the browser too, so both render the same ranking.
// Lazy: its code is a WebAssembly file of its own (`cargo leptos build
// --split`), fetched only by pages that show it. The server build keeps the
// plain island, so the body is not compiled twice.
#[cfg_attr(feature = "hydrate", island(lazy))]
#[cfg_attr(not(feature = "hydrate"), island)]
pub fn PickerForm(answers: Answers) -> impl IntoView {
    let team = RwSignal::new(answers.team);
    let domain = RwSignal::new(answers.domain);
    let scale = RwSignal::new(answers.scale);
    let ttm = RwSignal::new(answers.ttm);
    let ranking = Memo::new(move |_| rank(&Answers { team: team.get(), domain: domain.get(), scale: scale.get(), ttm: ttm.get() }));
    // Effects run only in the browser: `live` turns true once the island is
    // awake, which is when the hint below becomes true.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));

    view! {
        <form class="picker-form" method="get" action="/choosing#picker" data-live=move || live.get().then_some("true")>
            <Question selected=team/>
            <Question selected=domain/>
            <Question selected=scale/>
            <Question selected=ttm/>
            <p class="picker-actions">
                <button type="submit" class="picker-submit">"Rank the patterns"</button>
                <span class="picker-hint" hidden=move || !live.get()>"The ranking already follows your answers as you choose."</span>
            </p>
        </form>
        <div class="picker-result" aria-live="polite">
            <h3 id="picker-result-title">"Your ranking"</h3>
            <ol class="picker-ranking" aria-labelledby="picker-result-title">
                {move || ranking.get().into_iter().map(ranked_item).collect_view()}
            </ol>
        </div>
    }
}

/// One question: a fieldset of radio buttons named after the query parameter,
/// each inside its label, the current answer checked.
#[component]
fn Question<C: Choice>(selected: RwSignal<C>) -> impl IntoView {
    let initial = selected.get_untracked();
    let options = C::ALL
        .iter()
        .map(|&choice| {
            view! {
                <label class="picker-option">
                    <input
                        type="radio"
                        name=C::NAME
                        value=choice.key()
                        checked={choice == initial}
                        on:change=move |_| selected.set(choice)
                    />
                    <span>{choice.label()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="picker-question">
            <legend>{C::QUESTION}</legend>
            {options}
        </fieldset>
    }
}

fn ranked_item(ranked: Ranked) -> impl IntoView {
    let pattern = ranked.pattern;
    let fit = format!("{} · {} of {MAX_SCORE} points", ranked.fit(), ranked.score);
    let reasons = ranked
        .reasons
        .iter()
        .map(|reason| {
            view! {
                <li class="picker-reason" data-stance=reason.stance()>
                    <span class="picker-stance">{reason.stance()}": "</span>
                    {reason.text}
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="picker-item" data-pattern=pattern.slug()>
            <p class="picker-head">
                <a class="picker-name" href=path_for_slug(pattern.slug())>{pattern.name()}</a>
                <span class="picker-fit">{fit}</span>
            </p>
            <ul class="picker-reasons">{reasons}</ul>
        </li>
    }
}
