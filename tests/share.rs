//! Sharing by files between two data folders: a client returns chosen answers, a reviewer
//! comments, the client reads the comments. Plus exports and every kind of bad input.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions; a panic is the failure report"
)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Local, TimeZone as _};
use trustwork::journal::{Entry, EntryId, FieldValue, Journal, Value};
use trustwork::share::{
    self, AttachError, Comments, OpenError, Opened, attach_feedback, build_answers_file,
    build_feedback, choose_all, export_html, export_markdown, open_file, to_ron,
};
use trustwork::store::{DataDir, write_durable};
use trustwork::workbook::{BUNDLED, bundled_workbook};

fn source(id: &str) -> &'static str {
    BUNDLED
        .iter()
        .find(|(name, _)| *name == format!("{id}.ron"))
        .unwrap()
        .1
}

/// A client's data folder with one completed self-trust entry.
fn client_entry() -> (EntryId, Entry) {
    let wb = bundled_workbook("self-trust-next").unwrap();
    let at = Local.with_ymd_and_hms(2026, 11, 20, 21, 30, 0).unwrap();
    let mut entry = Entry::new(&wb, at);
    entry.completed_at = Some(at);
    entry.answers.insert(
        "what-it-protected".into(),
        Value::Text("It kept the family routine going.".into()),
    );
    entry
        .answers
        .insert("steady-midway".into(), Value::Number(4));
    entry.answers.insert(
        "pie".into(),
        Value::Split(BTreeMap::from([("Their choice to betray".into(), 70)])),
    );
    entry.answers.insert(
        "moments".into(),
        Value::List(vec![BTreeMap::from([(
            "noticed".to_owned(),
            FieldValue::Text("SECRET-UNTICKED phone face down".into()),
        )])]),
    );
    let id = EntryId::new("self-trust-next", at, |_| false);
    (id, entry)
}

#[test]
fn round_trip_between_two_data_folders() {
    let client_dir = tempfile::tempdir().unwrap();
    let reviewer_dir = tempfile::tempdir().unwrap();
    let exchange = tempfile::tempdir().unwrap();
    let wb = bundled_workbook("self-trust-next").unwrap();
    let (id, entry) = client_entry();
    for prompt in entry.answers.keys() {
        assert!(
            wb.prompt(prompt).is_some(),
            "fixture prompt `{prompt}` exists in the workbook"
        );
    }

    // The client keeps the entry in their folder.
    let client = DataDir::open(client_dir.path()).unwrap();
    let path = client.entry_path(&id);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    write_durable(&path, entry.to_ron().unwrap().as_bytes()).unwrap();
    let mut journal = client.load().journal;

    // 1. The client unticks the list of moments and saves an answers file.
    let mut chosen = choose_all([(&id, &entry)]);
    assert_eq!(chosen.len(), 4);
    chosen.remove(&(id.clone(), "moments".to_owned()));
    let now = Local.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap();
    let file = build_answers_file(
        &wb,
        source("self-trust-next"),
        [(&id, &entry)],
        &chosen,
        now,
    );
    let answers_path = exchange.path().join(share::default_file_name(
        "self-trust-next",
        now,
        "answers.ron",
    ));
    assert_eq!(
        answers_path.file_name().unwrap(),
        "self-trust-next-2026-11-21.answers.ron"
    );
    let bytes = to_ron(&file).unwrap();
    write_durable(&answers_path, bytes.as_bytes()).unwrap();
    assert!(
        !bytes.contains("SECRET-UNTICKED"),
        "an unticked answer appears nowhere in the file"
    );
    assert!(!bytes.contains("\"moments\":"), "not even its id");
    assert!(bytes.contains("It kept the family routine going."));
    assert_eq!(file.entries.len(), 1);
    assert_eq!(file.entries[0].answers.len(), 3);
    assert_eq!(
        file.workbook,
        source("self-trust-next"),
        "the exact workbook travels with the answers"
    );

    // 2. The reviewer opens it read-only, beside the exact questions, and comments.
    let reviewer = DataDir::open(reviewer_dir.path()).unwrap();
    let Opened::Answers(review) = open_file(&answers_path).unwrap() else {
        panic!("not read as answers")
    };
    assert!(review.hash_matches);
    assert_eq!(
        review.workbook.title,
        "Rebuilding self-trust: going further"
    );
    assert_eq!(review.file.entries[0].answers, file.entries[0].answers);
    let mut comments = Comments::new();
    comments.insert(
        (id.stem.clone(), "what-it-protected".into()),
        "That is a kind way to see it.".into(),
    );
    comments.insert((id.stem.clone(), "steady-midway".into()), "   ".into());
    let feedback = build_feedback(&review, &comments, "Good work this week.", "Dr Rivera", now);
    let feedback_path = share::feedback_path_for(&answers_path);
    assert_eq!(
        feedback_path.file_name().unwrap(),
        "self-trust-next-2026-11-21.feedback.ron"
    );
    write_durable(&feedback_path, to_ron(&feedback).unwrap().as_bytes()).unwrap();
    assert_eq!(
        feedback.entries[0].comments.len(),
        1,
        "blank comments are left out"
    );
    let reviewer_report = reviewer.load();
    assert!(
        reviewer_report.journal.entries.is_empty(),
        "nothing is mixed into the reviewer's entries"
    );

    // 3. The client opens the feedback; the comment sits beside the answer.
    let Opened::Feedback(received) = open_file(&feedback_path).unwrap() else {
        panic!("not read as feedback")
    };
    let attached = attach_feedback(
        &mut journal,
        &received,
        Some(&share::workbook_hash(source("self-trust-next"))),
    )
    .unwrap();
    assert_eq!(attached.entries, std::slice::from_ref(&id));
    assert!(!attached.other_version);
    let updated = &journal.entries[&id];
    assert_eq!(updated.feedback.len(), 1);
    assert_eq!(updated.feedback[0].reviewer, "Dr Rivera");
    assert_eq!(updated.feedback[0].note, "Good work this week.");
    assert_eq!(
        updated.feedback[0].comments,
        BTreeMap::from([(
            "what-it-protected".to_owned(),
            "That is a kind way to see it.".to_owned()
        )])
    );
    // Opening the same feedback again does not duplicate it.
    attach_feedback(&mut journal, &received, None).unwrap();
    assert_eq!(journal.entries[&id].feedback.len(), 1);
    // And the entry still round-trips through its file.
    let text = journal.entries[&id].to_ron().unwrap();
    assert_eq!(&Entry::from_ron(&text).unwrap(), &journal.entries[&id]);
}

#[test]
fn html_escapes_hostile_text_and_needs_nothing_outside() {
    let wb = bundled_workbook("self-trust-next").unwrap();
    let (id, mut entry) = client_entry();
    entry.answers.insert(
        "what-it-protected".into(),
        Value::Text("<script>alert('x')</script> & <img src=x onerror=y>".into()),
    );
    let html = export_html(&wb, &[(&id, &entry)], None);
    assert!(!html.contains("<script"), "no script tag survives");
    assert!(!html.contains("<img"));
    assert!(html.contains(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=y&gt;"
    ));
    for outside in [
        "<link", "<script", "<img", "<iframe", "url(", "@import", "http://", "https://",
    ] {
        assert!(
            !html.contains(outside),
            "no external resources: found {outside}"
        );
    }
    assert!(html.contains("@media print"));
    let md = export_markdown(&wb, &[(&id, &entry)], None);
    assert!(md.starts_with("# Rebuilding self-trust: going further"));
    assert!(
        md.contains("> It kept") || md.contains("> <script>"),
        "{md}"
    );
}

#[test]
fn exports_leave_out_unchosen_answers() {
    let wb = bundled_workbook("self-trust-next").unwrap();
    let (id, entry) = client_entry();
    let mut chosen = choose_all([(&id, &entry)]);
    chosen.remove(&(id.clone(), "moments".to_owned()));
    let md = export_markdown(&wb, &[(&id, &entry)], Some(&chosen));
    let html = export_html(&wb, &[(&id, &entry)], Some(&chosen));
    assert!(!md.contains("SECRET-UNTICKED") && !html.contains("SECRET-UNTICKED"));
    assert!(md.contains("It kept the family routine going."));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn bad_files_get_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let wb = bundled_workbook("self-trust-next").unwrap();
    let (id, entry) = client_entry();
    let file = build_answers_file(
        &wb,
        source("self-trust-next"),
        [(&id, &entry)],
        &choose_all([(&id, &entry)]),
        Local::now(),
    );
    let good = to_ron(&file).unwrap();

    // Truncated on the way.
    let cut = write(
        dir.path(),
        "cut.answers.ron",
        &good.as_bytes()[..good.len() / 2],
    );
    let err = open_file(&cut).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("{}:", cut.display())) && err.contains(':'),
        "{err}"
    );

    // Malformed.
    let bad = write(
        dir.path(),
        "bad.answers.ron",
        b"AnswersFile(format: 1, exported_at: nonsense)",
    );
    let err = open_file(&bad).unwrap_err();
    assert!(matches!(err, OpenError::Invalid { .. }), "{err}");
    assert!(err.to_string().contains("bad.answers.ron:1:"), "{err}");

    // Too large.
    let big = write(
        dir.path(),
        "big.ron",
        &vec![b' '; usize::try_from(share::MAX_SHARE_BYTES).unwrap() + 1],
    );
    assert!(matches!(
        open_file(&big).unwrap_err(),
        OpenError::TooLarge { .. }
    ));

    // Not text, not ours, or an entry file.
    let binary = write(dir.path(), "photo.ron", &[0xff, 0xd8, 0xff, 0x00]);
    assert!(matches!(
        open_file(&binary).unwrap_err(),
        OpenError::NotText { .. }
    ));
    let html = write(dir.path(), "page.ron", b"<html></html>");
    assert!(
        open_file(&html)
            .unwrap_err()
            .to_string()
            .contains("not a workbook, answers or feedback file")
    );
    let entry_file = write(dir.path(), "entry.ron", entry.to_ron().unwrap().as_bytes());
    assert!(
        open_file(&entry_file)
            .unwrap_err()
            .to_string()
            .contains("Share or print")
    );

    // From a newer trustwork.
    let newer = write(
        dir.path(),
        "newer.answers.ron",
        good.replacen("format: 1", "format: 9", 1).as_bytes(),
    );
    assert!(
        open_file(&newer)
            .unwrap_err()
            .to_string()
            .contains("newer than this trustwork reads")
    );

    // The embedded workbook edited after writing: opens, with a warning flag.
    let edited = write(
        dir.path(),
        "edited.answers.ron",
        good.replacen(
            "Rebuilding self-trust: going further",
            "Rebuilding self-trust FIRST",
            1,
        )
        .as_bytes(),
    );
    let Opened::Answers(review) = open_file(&edited).unwrap() else {
        panic!()
    };
    assert!(!review.hash_matches);

    // Feedback for entries this folder doesn't have, and for another workbook version.
    let Opened::Answers(review) =
        open_file(&write(dir.path(), "ok.answers.ron", good.as_bytes())).unwrap()
    else {
        panic!()
    };
    let feedback = build_feedback(&review, &Comments::new(), "note", "", Local::now());
    let mut empty = Journal::default();
    let err = attach_feedback(&mut empty, &feedback, None).unwrap_err();
    assert!(matches!(err, AttachError::UnknownEntries { .. }));
    assert!(err.to_string().contains("not in this data folder"), "{err}");
    let mut journal = Journal::default();
    journal.entries.insert(id, entry);
    assert!(
        attach_feedback(&mut journal, &feedback, Some("sha256:other"))
            .unwrap()
            .other_version
    );
}

#[test]
fn sharing_starts_without_safety_answers_or_earlier_answers() {
    let wb = bundled_workbook("daily-check-in").unwrap();
    let at = Local.with_ymd_and_hms(2026, 11, 20, 21, 0, 0).unwrap();
    let mut entry = Entry::new(&wb, at);
    entry.answers.insert("self-trust".into(), Value::Number(5));
    entry
        .answers
        .insert("harm-thoughts".into(), Value::YesNo(true));
    entry
        .answers
        .insert("a-removed-question".into(), Value::Text("old".into()));
    let id = EntryId::new("daily-check-in", at, |_| false);
    let chosen = share::choose_default(&wb, [(&id, &entry)]);
    assert_eq!(
        chosen.into_iter().map(|(_, p)| p).collect::<Vec<_>>(),
        ["self-trust"]
    );
}

#[test]
fn encrypted_files_open_only_with_the_right_key_and_damage_is_refused() {
    let exchange = tempfile::tempdir().unwrap();
    let reviewer_dir = tempfile::tempdir().unwrap();
    let stranger_dir = tempfile::tempdir().unwrap();
    let reviewer = DataDir::open(reviewer_dir.path()).unwrap();
    let key = reviewer.make_sharing_key("Dr Rivera").unwrap();
    let stranger = DataDir::open(stranger_dir.path())
        .unwrap()
        .make_sharing_key("")
        .unwrap();

    let wb = bundled_workbook("self-trust-next").unwrap();
    let (id, entry) = client_entry();
    let entries = [(&id, &entry)];
    let chosen = choose_all(entries.iter().copied());
    let mut file = build_answers_file(
        &wb,
        source("self-trust-next"),
        entries.iter().copied(),
        &chosen,
        Local::now(),
    );
    let reply = stranger.info().public_key;
    file.reply_to = Some(reply.clone());
    let text = to_ron(&file).unwrap();
    assert!(text.contains(&reply));
    let sealed = share::seal_for(&key.info().public_key, text.as_bytes()).unwrap();
    let path = write(exchange.path(), "a.answers.age", &sealed);

    // The reviewer's key opens it, and it says it came encrypted, with the key to reply to.
    let Opened::Answers(review) = share::open_file_with(&path, Some(&key)).unwrap() else {
        panic!("not read as answers")
    };
    assert!(review.encrypted);
    assert_eq!(review.file.reply_to.as_deref(), Some(reply.as_str()));
    assert_eq!(review.file.entries, file.entries);

    // No key, or someone else's: a plain reason each, and nothing read.
    assert!(matches!(open_file(&path), Err(OpenError::NoKey { .. })));
    assert!(matches!(
        share::open_file_with(&path, Some(&stranger)),
        Err(OpenError::NotForThisKey { .. })
    ));
    // Cut short, or one bit changed on the way: refused as damaged.
    let cut = write(
        exchange.path(),
        "cut.answers.age",
        &sealed[..sealed.len() - 40],
    );
    assert!(matches!(
        share::open_file_with(&cut, Some(&key)),
        Err(OpenError::DamagedEncrypted { .. })
    ));
    let mut flipped = sealed.clone();
    let last = flipped.len() - 10;
    flipped[last] ^= 1;
    let flipped = write(exchange.path(), "flip.answers.age", &flipped);
    let err = share::open_file_with(&flipped, Some(&key)).unwrap_err();
    assert!(matches!(err, OpenError::DamagedEncrypted { .. }), "{err}");
    assert!(err.to_string().contains("ask the sender to send it again"));

    // A damaged reply key is caught when the answers are opened, not when feedback is saved.
    file.reply_to = Some("age1broken".to_owned());
    let bad = write(
        exchange.path(),
        "bad-reply.answers.ron",
        to_ron(&file).unwrap().as_bytes(),
    );
    let err = open_file(&bad).unwrap_err().to_string();
    assert!(
        err.contains("sender's key in this file (reply_to) is damaged"),
        "{err}"
    );

    // A plain answers file carries no reply key field at all.
    file.reply_to = None;
    assert!(!to_ron(&file).unwrap().contains("reply_to"));
    // Feedback to an encrypted answers file is named for what it is.
    assert_eq!(
        share::feedback_path_for(&path).file_name().unwrap(),
        "a.feedback.age"
    );
}

#[test]
fn a_problem_in_the_workbook_inside_an_answers_file_points_at_its_line() {
    let wb = bundled_workbook("self-trust-next").unwrap();
    let (id, entry) = client_entry();
    let chosen = choose_all([(&id, &entry)]);
    let mut file = build_answers_file(
        &wb,
        source("self-trust-next"),
        [(&id, &entry)],
        &chosen,
        Local::now(),
    );
    file.workbook = file.workbook.replacen("minutes:", "minuets:", 1);
    let text = to_ron(&file).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("workbook:"))
        .unwrap()
        + 1;
    let Err(OpenError::Invalid { problems, .. }) =
        share::open_text(Path::new("a.answers.ron"), &text)
    else {
        panic!("not refused")
    };
    assert_eq!(problems[0].line, line, "{:?}", problems[0]);
    assert!(
        problems[0]
            .message
            .starts_with("the workbook inside this file has a problem at its line"),
        "{}",
        problems[0].message
    );
}
