using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class OptionsValidation
{
    /// <summary>
    /// Validates the options' data annotations at start-up like <c>ValidateDataAnnotations</c>, but names each failure by
    /// the configuration key an operator sets (<c>Depot:Accounts:MinPasswordLength</c>), not the C# member.
    /// </summary>
    public static OptionsBuilder<T> ValidateAsConfigured<T>(this OptionsBuilder<T> builder, string section)
        where T : class
    {
        builder.Services.AddSingleton<IValidateOptions<T>>(new ConfiguredOptionsValidator<T>(section));
        return builder.ValidateOnStart();
    }

    private sealed class ConfiguredOptionsValidator<T>(string section) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(results.Select(r => Describe(options, r)));
        }

        private string Describe(T options, ValidationResult result)
        {
            var member = result.MemberNames.FirstOrDefault();
            var message = result.ErrorMessage ?? "is not valid";
            if (member is null)
            {
                return $"{section}: {message}";
            }

            var key = $"{section}:{member}";
            var value = ValueOf(options, member);
            // A secret's value never reaches the console or a log, even when it is the one at fault.
            var secret = member.EndsWith("Password", StringComparison.Ordinal) || member.EndsWith("Secret", StringComparison.Ordinal)
                || member.EndsWith("SecretKey", StringComparison.Ordinal) || member.EndsWith("ConnectionString", StringComparison.Ordinal);
            var shown = value switch
            {
                _ when secret => "hidden",
                null => "empty",
                string text => $"'{text}'",
                System.Collections.IEnumerable list => $"[{string.Join(", ", list.Cast<object>())}]",
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            };
            member = member[(member.LastIndexOf(':') + 1)..];
            // DataAnnotations say "The field MinPasswordLength must be between 8 and 128."; operators set the key.
            var prefix = $"The field {member} ";
            var rule = message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..].TrimEnd('.') : $"is not valid: {message.TrimEnd('.')}";
            return $"{key} {rule} (it is {shown})";
        }

        // A nested section's member is named by its path ("S3:Bucket"), as its configuration key is.
        private static object? ValueOf(object options, string member)
        {
            object? value = options;
            foreach (var name in member.Split(':'))
            {
                value = value?.GetType().GetProperty(name)?.GetValue(value);
            }

            return value;
        }
    }
}
