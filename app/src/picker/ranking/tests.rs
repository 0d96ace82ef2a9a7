//! The ranking against the decision matrix: the clear cases rank the pattern
//! the matrix points to first, whatever the other answers are.

use super::*;

/// Every possible set of answers (4 × 3 × 4 × 3 = 144).
fn all_answers() -> Vec<Answers> {
    let mut all = Vec::new();
    for &team in TeamSize::ALL {
        for &domain in Domain::ALL {
            for &scale in Scaling::ALL {
                for &ttm in TimeToMarket::ALL {
                    all.push(Answers { team, domain, scale, ttm });
                }
            }
        }
    }
    all
}

fn order(answers: Answers) -> Vec<Pattern> {
    rank(&answers).iter().map(|r| r.pattern).collect()
}

fn position(answers: Answers, pattern: Pattern) -> usize {
    order(answers).iter().position(|&p| p == pattern).expect("every pattern is ranked")
}

fn matrix_column(pattern: Pattern) -> usize {
    Pattern::ALL.iter().position(|&p| p == pattern).expect("a pattern of the matrix")
}

#[test]
fn every_ranking_lists_each_pattern_once_best_first_with_ties_in_matrix_order() {
    for answers in all_answers() {
        let ranked = rank(&answers);
        let mut patterns: Vec<usize> = ranked.iter().map(|r| matrix_column(r.pattern)).collect();
        patterns.sort_unstable();
        assert_eq!(patterns, [0, 1, 2, 3, 4], "{answers:?}");
        for pair in ranked.windows(2) {
            assert!(pair[0].score >= pair[1].score, "{answers:?}: not best first");
            if pair[0].score == pair[1].score {
                assert!(matrix_column(pair[0].pattern) < matrix_column(pair[1].pattern), "{answers:?}: tie out of matrix order");
            }
        }
        assert!(ranked.iter().all(|r| r.score <= MAX_SCORE && r.reasons.len() == 4), "{answers:?}");
    }
}

#[test]
fn the_score_is_the_weighted_sum_of_the_reasons_points() {
    let answers = Answers { team: TeamSize::UpTo5, domain: Domain::SimpleCrud, scale: Scaling::OneBox, ttm: TimeToMarket::ShipFast };
    let layered = &rank(&answers)[0];
    assert_eq!(layered.pattern, Pattern::Layered);
    assert_eq!(layered.score, MAX_SCORE, "every answer is layered's sweet spot");
    assert_eq!(layered.fit(), "Strong fit");
    let points: Vec<u8> = layered.reasons.iter().map(|r| r.points).collect();
    assert_eq!(points, [3, 3, 3, 3]);
}

#[test]
fn a_small_team_with_simple_crud_gets_layered_first_whatever_else() {
    for answers in all_answers().into_iter().filter(|a| a.team == TeamSize::UpTo5 && a.domain == Domain::SimpleCrud) {
        assert_eq!(order(answers)[0], Pattern::Layered, "{answers:?}");
    }
}

#[test]
fn a_small_team_with_simple_crud_that_must_ship_fast_finds_microservices_and_cqrs_poor_fits() {
    for &scale in Scaling::ALL {
        let answers = Answers { team: TeamSize::UpTo5, domain: Domain::SimpleCrud, scale, ttm: TimeToMarket::ShipFast };
        let ranked = rank(&answers);
        assert_eq!(ranked[0].pattern, Pattern::Layered);
        assert_eq!(ranked[0].reasons[0].text, TeamSize::UpTo5.cells()[0].1);
        assert!(ranked[0].reasons[0].text.contains("1–5 matches layered's sweet spot"));
        for ranked in ranked.iter().filter(|r| matches!(r.pattern, Pattern::Microservices | Pattern::Cqrs)) {
            assert_eq!(ranked.fit(), "Poor fit", "{answers:?}: {ranked:?}");
        }
    }
}

#[test]
fn a_team_of_ten_or_more_scaling_parts_independently_gets_microservices_first_whatever_else() {
    let cases: Vec<Answers> =
        all_answers().into_iter().filter(|a| a.team == TeamSize::TenPlus && a.scale == Scaling::PartsIndependently).collect();
    assert_eq!(cases.len(), 9);
    for answers in cases {
        assert_eq!(order(answers)[0], Pattern::Microservices, "{answers:?}");
        assert_ne!(order(answers)[4], Pattern::Microservices, "{answers:?}");
    }
}

#[test]
fn reads_far_outnumbering_writes_in_a_complex_domain_put_cqrs_near_the_top() {
    for answers in all_answers().into_iter().filter(|a| a.scale == Scaling::ReadHeavy && a.domain == Domain::Complex) {
        let at = position(answers, Pattern::Cqrs);
        // CQRS needs five or more people; with them it is first or second.
        let limit = if matches!(answers.team, TeamSize::FiveTo15 | TeamSize::TenPlus) { 1 } else { 2 };
        assert!(at <= limit, "{answers:?}: CQRS ranked {}", at + 1);
    }
    let big = Answers { team: TeamSize::TenPlus, domain: Domain::Complex, scale: Scaling::ReadHeavy, ttm: TimeToMarket::Balanced };
    assert_eq!(order(big)[0], Pattern::Cqrs);
}

#[test]
fn a_complex_long_lived_system_for_five_to_fifteen_people_gets_hexagonal_or_clean_first() {
    for &scale in Scaling::ALL.iter().filter(|&&s| s != Scaling::ReadHeavy) {
        let answers = Answers { team: TeamSize::FiveTo15, domain: Domain::Complex, scale, ttm: TimeToMarket::LongLived };
        let first = order(answers)[0];
        assert!(matches!(first, Pattern::Hexagonal | Pattern::Clean), "{answers:?}: {first:?} first");
        assert_eq!(position(answers, Pattern::Layered), 4, "{answers:?}: layered should be last");
    }
}

#[test]
fn a_complex_domain_puts_layered_first_only_for_a_tiny_team_that_must_ship_fast() {
    let exception = |a: &Answers| a.team == TeamSize::UpTo5 && a.ttm == TimeToMarket::ShipFast;
    for answers in all_answers().into_iter().filter(|a| a.domain == Domain::Complex && !exception(a)) {
        assert_ne!(order(answers)[0], Pattern::Layered, "{answers:?}");
    }
}

#[test]
fn the_default_answers_rank_clean_first() {
    assert_eq!(order(Answers::default()), [Pattern::Clean, Pattern::Hexagonal, Pattern::Layered, Pattern::Cqrs, Pattern::Microservices]);
}

#[test]
fn every_reason_names_its_pattern_and_every_team_reason_the_team_size() {
    fn check<C: Choice + std::fmt::Debug>() {
        for &choice in C::ALL {
            for (column, &(points, text)) in choice.cells().iter().enumerate() {
                let name = Pattern::ALL[column].name().to_lowercase();
                assert!(text.to_lowercase().contains(&name), "{choice:?}: {text:?} does not name {name}");
                assert!(points <= MAX_POINTS && text.ends_with('.'), "{choice:?}: {text:?}");
            }
        }
    }
    check::<TeamSize>();
    check::<Domain>();
    check::<Scaling>();
    check::<TimeToMarket>();
    for &team in TeamSize::ALL {
        let size = team.label().trim_end_matches(" people");
        assert!(team.cells().iter().all(|(_, text)| text.contains(size)), "{team:?}: a reason does not mention {size}");
    }
}

#[test]
fn answers_are_read_from_the_query_and_fall_back_to_defaults() {
    let query = |pairs: &'static [(&'static str, &'static str)]| {
        move |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())
    };
    let read = Answers::from_query(query(&[("team", "10-plus"), ("domain", "crud"), ("scale", "reads"), ("ttm", "long")]));
    assert_eq!(
        read,
        Answers { team: TeamSize::TenPlus, domain: Domain::SimpleCrud, scale: Scaling::ReadHeavy, ttm: TimeToMarket::LongLived }
    );

    assert_eq!(Answers::from_query(query(&[])), Answers::default());
    let hostile = Answers::from_query(query(&[("team", "<img src=x onerror=alert(1)>"), ("domain", "CRUD"), ("scale", " parts")]));
    assert_eq!(hostile, Answers::default());
    let partial = Answers::from_query(query(&[("ttm", "fast"), ("team", "")]));
    assert_eq!(partial, Answers { ttm: TimeToMarket::ShipFast, ..Answers::default() });
}

#[test]
fn every_option_key_reads_back_as_itself() {
    fn check<C: Choice + std::fmt::Debug>() {
        for &choice in C::ALL {
            assert_eq!(C::from_key(choice.key()), Some(choice));
        }
        assert!(C::ALL.contains(&C::default()));
    }
    check::<TeamSize>();
    check::<Domain>();
    check::<Scaling>();
    check::<TimeToMarket>();
}
