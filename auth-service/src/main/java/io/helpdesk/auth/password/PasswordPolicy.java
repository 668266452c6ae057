package io.helpdesk.auth.password;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Length limits and a strength estimate (zxcvbn: common-password lists, dictionary words, keyboard
 * patterns, the user's own name and email) instead of composition rules.
 */
@ApplicationScoped
public class PasswordPolicy {

    private final AuthConfig.Password config;
    private final Zxcvbn zxcvbn = new Zxcvbn();

    public PasswordPolicy(AuthConfig config) {
        this.config = config.password();
    }

    /** Throws a 400 problem naming {@code field} when the password is not acceptable. */
    public void check(String field, String password, String... personalWords) {
        String reason = reasonToRefuse(password, personalWords);
        if (reason != null) {
            throw new ProblemException(400, Problem.BLANK, null, "The password is not acceptable.",
                    List.of(new Problem.FieldError(field, reason)), null);
        }
    }

    String reasonToRefuse(String password, String... personalWords) {
        if (password == null || password.length() < config.minLength()) {
            return "must be at least " + config.minLength() + " characters long";
        }
        if (password.length() > config.maxLength()) {
            return "must be at most " + config.maxLength() + " characters long";
        }
        List<String> words = new ArrayList<>();
        for (String word : personalWords) {
            if (word != null && !word.isBlank()) {
                words.add(word);
            }
        }
        Strength strength = zxcvbn.measure(password, words);
        if (strength.getScore() < config.minStrength()) {
            String warning = strength.getFeedback().getWarning();
            return "is too easy to guess" + (warning == null || warning.isBlank() ? "" : ": " + warning);
        }
        return null;
    }
}
