//! Unit tests of the table: keys and normalisation, borders, rehashes, traversal stability,
//! node reuse, SETLIST preallocation, weak-table clearing and the memory accounting.

use super::*;
use crate::gc::Heap;

fn int(i: i64) -> Value {
    Value::Integer(i)
}

#[test]
fn integer_keys_use_the_array_part_and_borders_follow_lua() {
    let mut heap = Heap::default();
    let t = Table::default();
    for i in 1..=100 {
        t.set(&mut heap, int(i), int(i * 2)).unwrap();
    }
    assert_eq!(t.len(), 100);
    assert!(t.array_size() >= 64);
    for i in 1..=100 {
        assert!(t.get_int(i).raw_eq(int(i * 2)));
    }
    t.set(&mut heap, int(100), Value::Nil).unwrap();
    assert_eq!(t.len(), 99);
    // A table built by a constructor with a trailing nil: border inside the array.
    let c = Table::with_sizes(4, 0);
    c.set(&mut heap, int(1), int(1)).unwrap();
    c.set(&mut heap, int(2), int(2)).unwrap();
    c.set(&mut heap, int(4), int(4)).unwrap();
    assert_eq!(c.len(), 4);
    c.set(&mut heap, int(4), Value::Nil).unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(Table::default().len(), 0);
}

#[test]
fn float_keys_with_integral_values_are_normalised() {
    let mut heap = Heap::default();
    let t = Table::default();
    t.set(&mut heap, Value::Float(3.0), int(7)).unwrap();
    assert!(t.get(int(3)).raw_eq(int(7)));
    t.set(&mut heap, Value::Float(0.5), int(1)).unwrap();
    t.set(&mut heap, int(2), int(2)).unwrap();
    assert!(t.get(Value::Float(0.5)).raw_eq(int(1)));
    assert!(t.get(Value::Float(2.5)).is_nil());
    assert!(t.get(Value::Float(f64::NAN)).is_nil());
    assert_eq!(
        t.set(&mut heap, Value::Float(f64::NAN), int(1)),
        Err(SetError::NanKey)
    );
    assert_eq!(t.set(&mut heap, Value::Nil, int(1)), Err(SetError::NilKey));
}

#[test]
fn mixed_keys_survive_rehashes() {
    let mut heap = Heap::default();
    let t = Table::default();
    for i in 1..=200 {
        t.set(&mut heap, int(i), int(i)).unwrap();
        t.set(&mut heap, Value::Float(i as f64 + 0.5), int(-i))
            .unwrap();
        t.set(&mut heap, Value::Boolean(i % 2 == 0), int(i))
            .unwrap();
    }
    for i in 1..=200 {
        assert!(t.get(int(i)).raw_eq(int(i)), "int key {i}");
        assert!(
            t.get(Value::Float(i as f64 + 0.5)).raw_eq(int(-i)),
            "float key {i}"
        );
    }
    let mut count = 0;
    let mut k = Value::Nil;
    while let Ok(Some((nk, _))) = t.next(k) {
        count += 1;
        k = nk;
    }
    assert_eq!(count, 402);
}

#[test]
fn next_tolerates_assignment_to_existing_fields() {
    let mut heap = Heap::default();
    let t = Table::default();
    for i in 0..50 {
        t.set(&mut heap, Value::Float(i as f64 + 0.25), int(i))
            .unwrap();
    }
    let mut k = Value::Nil;
    let mut seen = 0;
    while let Ok(Some((nk, _))) = t.next(k) {
        // Clear and overwrite during traversal: allowed, must not disturb the order.
        t.set(&mut heap, nk, Value::Nil).unwrap();
        seen += 1;
        k = nk;
    }
    assert_eq!(seen, 50);
    assert!(t.is_empty());
    assert!(t.next(Value::Float(1000.5)).is_err());
}
