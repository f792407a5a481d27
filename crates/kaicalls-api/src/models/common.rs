//! Pieces every model uses: the map that keeps unknown fields, open enums, and number
//! formatting that round-trips.

use std::cell::RefCell;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

/// Fields the server sent that this client does not model. Kept (not dropped) so a
/// newer server loses nothing on the way through, and re-serialising gives the same
/// JSON back. Derefs to the JSON map.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Extra(pub Map<String, Value>);

impl Extra {
    /// No unknown fields.
    pub fn new() -> Self {
        Extra(Map::new())
    }
}

impl std::ops::Deref for Extra {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

thread_local! {
    /// Set while [`unknown_fields`] walks a value.
    static UNKNOWN: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        UNKNOWN.with(|cell| {
            if let Some(found) = cell.borrow_mut().as_mut() {
                found.extend(self.0.keys().cloned());
            }
        });
        self.0.serialize(s)
    }
}

/// Names of every field, at any depth of `value`, that the server sent and this
/// client does not model. Empty means the model covers the answer; the app logs the
/// rest so a server change is noticed, and tests use it to prove the models match the
/// reference.
pub fn unknown_fields<T: Serialize>(value: &T) -> Vec<String> {
    UNKNOWN.with(|cell| *cell.borrow_mut() = Some(Vec::new()));
    let _ = serde_json::to_value(value);
    UNKNOWN.with(|cell| cell.borrow_mut().take().unwrap_or_default())
}

/// An enum of strings with an `Other(String)` arm: a value the server adds later
/// parses as `Other` instead of failing the whole answer.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the client does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $text => $name::$variant, )*
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name::from(s.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok($name::from(s))
            }
        }
    };
}
pub(crate) use open_enum;

/// Builder methods that set optional fields: `.name("Kai")` sets `name: Some(..)`.
macro_rules! setters {
    ($($field:ident: $ty:ty),* $(,)?) => {
        $(
            #[doc = concat!("Sets `", stringify!($field), "`.")]
            pub fn $field(mut self, v: impl Into<$ty>) -> Self {
                self.$field = Some(v.into());
                self
            }
        )*
    };
}
pub(crate) use setters;

/// Builder methods for plain values (numbers, booleans), where `Into` would stop an
/// integer literal from inferring its type.
macro_rules! value_setters {
    ($($field:ident: $ty:ty),* $(,)?) => {
        $(
            #[doc = concat!("Sets `", stringify!($field), "`.")]
            pub fn $field(mut self, v: $ty) -> Self {
                self.$field = Some(v);
                self
            }
        )*
    };
}
pub(crate) use value_setters;

/// `{"success": true, ...}`: the answer of deletes and other acknowledgements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ack {
    /// Whether the server did it.
    #[serde(default)]
    pub success: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Writes a whole `f64` as an integer (`64`, not `64.0`), so numbers read from the
/// server serialise back exactly as they came.
pub(crate) fn compact_f64<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if v.fract() == 0.0 && v.abs() < EXACT {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

/// [`compact_f64`] for optional numbers.
pub(crate) fn compact_opt_f64<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    struct Compact(f64);
    impl Serialize for Compact {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            compact_f64(&self.0, s)
        }
    }
    match v {
        Some(v) => s.serialize_some(&Compact(*v)),
        None => s.serialize_none(),
    }
}

/// Writes a secret in clear: only for answers that hand a secret over once (the signup
/// key, a webhook secret), so that the answer can be stored or passed on as received.
pub(crate) fn expose<S: Serializer>(v: &secrecy::SecretString, s: S) -> Result<S::Ok, S::Error> {
    use secrecy::ExposeSecret;
    s.serialize_str(v.expose_secret())
}
