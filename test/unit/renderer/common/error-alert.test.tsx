// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorAlert } from '../../../../renderer/src/common/error-alert';

afterEach(cleanup);

describe('ErrorAlert', () => {
  it('shows the message, the remedy and the code, with a named dismiss button', () => {
    const onDismiss = vi.fn();
    render(
      <ErrorAlert
        testId="alert"
        header="The launch did not start"
        error={{
          code: 'NoSubnet',
          message: 'VPC vpc-1 has no subnet.',
          remedy: 'Create a subnet in it, or choose another VPC.',
        }}
        onDismiss={onDismiss}
      />,
    );
    const text = screen.getByTestId('alert').textContent ?? '';
    expect(text).toContain('The launch did not start');
    expect(text).toContain('VPC vpc-1 has no subnet.');
    expect(text).toContain('Create a subnet in it, or choose another VPC.');
    expect(text).toContain('Error code: NoSubnet');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledOnce();
  });
});
