package io.github.tinodej.validate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.github.tinodej.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Tinode's {@code tel} validator: phone numbers checked with libphonenumber (valid mobile or
 * fixed-line-or-mobile numbers, normalised to E.164), codes sent through an {@link SmsSender}. One
 * template ({@code universal_templ}) serves validation and reset. Needs
 * {@code com.googlecode.libphonenumber:libphonenumber} on the class path (an optional dependency
 * of tinode-core).
 *
 * <p>Unlike Tinode, which stores the number as the client typed it, the stored value is the
 * E.164 form, so that the {@code tel:} tag of a validated number matches what {@code fnd} searches.
 * Thread-safe once built.
 */
public final class TelValidator extends CodeValidator {
    /** Digits with the usual separators, optionally after a plus: no letters, no {@code @}. */
    private static final Pattern PHONE_LIKE = Pattern.compile("^[+\uFF0B]?[\\p{Nd} ().\\-/]{2,32}$");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String hostUrl;
    private final String sender;
    private final SmsSender sms;
    private final MessageTemplates templates;

    /**
     * @param hostUrl {@code host_url}
     * @param sender {@code sender}, the From name (null: {@code Tinode}'s default "Tinode")
     * @param languages {@code languages}
     * @param templatePath {@code universal_templ}, or null for tinodej's English default
     * @param codeLength {@code code_length} (0: 6)
     * @param maxRetries {@code max_retries} (0: 3)
     * @param debugResponse {@code debug_response}, never in production
     * @param sms where messages go
     */
    public TelValidator(String hostUrl, String sender, List<String> languages, String templatePath, int codeLength,
            int maxRetries, String debugResponse, SmsSender sms) {
        super("tel", codeLength, maxRetries, debugResponse);
        this.hostUrl = EmailValidator.hostUrl(hostUrl);
        this.sender = sender == null || sender.isEmpty() ? "Tinode" : sender;
        this.sms = Objects.requireNonNull(sms, "sms");
        this.templates = MessageTemplates.load(templatePath, languages, "sms-universal-en.templ", List.of());
    }

    /**
     * From the {@code config} object of Tinode's {@code acc_validation.tel}: {@code host_url},
     * {@code sender}, {@code languages}, {@code universal_templ}, {@code code_length},
     * {@code max_retries}, {@code debug_response}. {@code twilio_conf} is refused: pass your own
     * {@link SmsSender} instead.
     */
    public static TelValidator fromTinodeConfig(String json, SmsSender sms) {
        JsonObject o = JsonParser.parseString(json == null || json.isBlank() ? "{}" : json).getAsJsonObject();
        if (o.has("twilio_conf") && !o.get("twilio_conf").isJsonNull()) {
            throw new IllegalArgumentException("tel: twilio_conf is not supported; give the server an SmsSender");
        }
        List<String> langs = new ArrayList<>();
        if (o.get("languages") instanceof JsonArray a) {
            a.forEach(e -> langs.add(e.getAsString()));
        }
        return new TelValidator(str(o, "host_url"), str(o, "sender"), langs, str(o, "universal_templ"),
                o.has("code_length") ? o.get("code_length").getAsInt() : 0,
                o.has("max_retries") ? o.get("max_retries").getAsInt() : 0, str(o, "debug_response"), sms);
    }

    private static String str(JsonObject o, String k) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    @Override
    public String preCheck(String value, Map<String, String> params) {
        String country = params == null ? null : params.get("countryCode");
        return method() + ":" + e164(value, country == null || country.isEmpty() ? "US" : country);
    }

    private static String e164(String value, String country) {
        if (value == null || !PHONE_LIKE.matcher(value).matches()) {
            throw new StoreException(StoreException.Kind.MALFORMED, "not a phone number");
        }
        Phonenumber.PhoneNumber n;
        try {
            n = PHONES.parse(value, country);
        } catch (NumberParseException e) {
            throw new StoreException(StoreException.Kind.MALFORMED, "not a phone number");
        }
        PhoneNumberUtil.PhoneNumberType type = PHONES.getNumberType(n);
        if (!PHONES.isValidNumber(n) || type != PhoneNumberUtil.PhoneNumberType.MOBILE
                && type != PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE) {
            throw new StoreException(StoreException.Kind.MALFORMED, "not a mobile number");
        }
        return PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    @Override
    protected String normalize(String value) {
        try {
            return e164(value, "US");
        } catch (StoreException e) {
            // Not parseable: stored as given, as Tinode stores every number.
            return value;
        }
    }

    @Override
    protected void sendCode(String to, String lang, String code, String token) throws Exception {
        sms.send(sender, to, templates.forLanguage(lang).render("", Map.of("Code", code, "HostUrl", hostUrl)));
    }

    @Override
    protected void sendReset(String to, String scheme, String lang, String code, String login) throws Exception {
        sms.send(sender, to, templates.forLanguage(lang).render("", Map.of("Code", code, "HostUrl", hostUrl)));
    }
}
